# SPDX-License-Identifier: Apache-2.0
"""k6/crypto and the global crypto end to end: every hash and HMAC of the
real binary against Python's hashlib/hmac (plus fixed NIST and RFC vectors),
every output encoding, incremental hashers, random bytes, UUIDs, errors."""
import base64
import hashlib
import hmac
import json
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import lgtest  # noqa: E402
from lgtest import run  # noqa: E402

ALGS = {"md5": "md5", "sha1": "sha1", "sha256": "sha256", "sha384": "sha384",
        "sha512": "sha512", "sha512_224": "sha512_224", "sha512_256": "sha512_256",
        "ripemd160": "ripemd160", "md4": "md4"}
INPUTS = ["", "abc", "The quick brown fox jumps over the lazy dog",
          "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
          "h\u00e9llo \U0001F600", "x" * 1000, "what do ya want for nothing?"]
KEYS = ["", "key", "Jefe", "k" * 200]
ENCODINGS = ["hex", "base64", "base64url", "base64rawurl", "binary"]


def py_hash(alg, data):
    try:
        return hashlib.new(ALGS[alg], data).digest()
    except ValueError:  # md4/ripemd160 missing from this Python's OpenSSL
        return None


def py_hmac(alg, key, data):
    try:
        return hmac.new(key, data, lambda *a: hashlib.new(ALGS[alg], *a)).digest()
    except ValueError:
        return None


def encode(d, enc):
    if enc == "hex":
        return d.hex()
    if enc == "base64":
        return base64.b64encode(d).decode()
    if enc == "base64url":
        return base64.urlsafe_b64encode(d).decode()
    if enc == "base64rawurl":
        return base64.urlsafe_b64encode(d).decode().rstrip("=")
    return d.hex()  # binary: the script turns the ArrayBuffer into hex


SCRIPT = r"""import crypto from 'k6/crypto';
import { sha256, hmac, createHash, createHMAC, randomBytes, hexEncode } from 'k6/crypto';
const V = __VECTORS__;
const out = { hash: {}, hmac: {}, missing: {}, misc: {} };
function hexOf(v) { return typeof v === 'string' ? v : hexEncode(v); }
function err(f) { try { f(); return null; } catch (e) { return e.name + ': ' + e.message; } }
const bin = new Uint8Array(256);
for (let i = 0; i < 256; i++) bin[i] = i;
for (const alg of V.algs) {
  const e = err(() => crypto[alg]('abc', 'hex'));
  if (e) { out.missing[alg] = e; continue; }
  for (let i = 0; i < V.inputs.length; i++)
    for (const enc of V.encodings) out.hash[alg + '|' + i + '|' + enc] = hexOf(crypto[alg](V.inputs[i], enc));
  out.hash[alg + '|bin|hex'] = crypto[alg](bin.buffer, 'hex');
  for (let k = 0; k < V.keys.length; k++) {
    for (let i = 0; i < V.inputs.length; i++)
      out.hmac[alg + '|' + k + '|' + i] = hmac(alg, V.keys[k], V.inputs[i], 'hex');
  }
  out.hmac[alg + '|binkey|bin'] = hmac(alg, bin.buffer, bin.buffer, 'base64');
}
// incremental: digest does not reset (as Go's Sum), update returns the hasher
const h = createHash('sha256');
h.update('The quick brown fox ');
out.misc.partial = h.digest('hex');
out.misc.partialAgain = h.digest('hex');
h.update(bin.buffer).update('jumps');
out.misc.whole = h.digest('base64');
const m = createHMAC('sha512', 'secret');
m.update('part one, ');
m.update('part two');
out.misc.hmacInc = m.digest('hex');
out.misc.hmacIncAgain = m.digest('hex');
out.misc.binaryIsAB = sha256('abc', 'binary') instanceof ArrayBuffer;
out.misc.binaryLen = sha256('abc', 'binary').byteLength;
const r1 = randomBytes(32), r2 = randomBytes(32);
out.misc.randomIsAB = r1 instanceof ArrayBuffer;
out.misc.randomLen = r1.byteLength;
out.misc.randomDiffer = hexEncode(r1) !== hexEncode(r2);
out.misc.hexStr = hexEncode('abc\u00e9');
out.misc.badAlg = err(() => createHash('sha3'));
out.misc.badHmacAlg = err(() => hmac('nope', 'k', 'x', 'hex'));
out.misc.badEnc = err(() => sha256('abc', 'base32'));
out.misc.noEnc = err(() => sha256('abc'));
out.misc.badSize = err(() => randomBytes(0));
out.misc.badInput = err(() => sha256({}, 'hex'));
// the global crypto, without an import; an accessor until first use
const d0 = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
out.misc.lazyBefore = typeof d0.get === 'function';
const uuids = {};
for (let i = 0; i < 200; i++) uuids[globalThis.crypto.randomUUID()] = true;
out.misc.uuids = Object.keys(uuids);
const d1 = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
out.misc.lazyAfter = d1.get === undefined && typeof d1.value === 'object';
const u8 = new Uint8Array(64);
out.misc.grvSame = globalThis.crypto.getRandomValues(u8) === u8;
out.misc.grvNonZero = u8.some(x => x !== 0);
const u32 = new Uint32Array(8);
globalThis.crypto.getRandomValues(u32);
out.misc.grvU32 = u32.some(x => x !== 0);
out.misc.grvFloat = err(() => globalThis.crypto.getRandomValues(new Float64Array(2)));
out.misc.grvQuota = err(() => globalThis.crypto.getRandomValues(new Uint8Array(65537)));
export default function () {}
export function handleSummary() { return { stdout: JSON.stringify(out) }; }
"""


class Crypto(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        vec = {"algs": list(ALGS), "inputs": INPUTS, "keys": KEYS, "encodings": ENCODINGS}
        cls.r = run(SCRIPT.replace("__VECTORS__", json.dumps(vec)), "--vus", "1",
                    "--iterations", "1", export=False)
        cls.out = json.loads(cls.r.out) if cls.r.rc == 0 else None

    def setUp(self):
        self.assertEqual(self.r.rc, 0, self.r)

    def test_hashes_against_hashlib(self):
        checked = 0
        for alg in ALGS:
            if alg in self.out["missing"]:
                # only md4 may be missing (OpenSSL's legacy provider), and clearly
                self.assertEqual(alg, "md4", self.out["missing"][alg])
                self.assertIn("md4 is not available in this build", self.out["missing"][alg])
                continue
            for i, s in enumerate(INPUTS):
                want = py_hash(alg, s.encode("utf-8"))
                if want is None:
                    continue
                for enc in ENCODINGS:
                    self.assertEqual(self.out["hash"]["%s|%d|%s" % (alg, i, enc)],
                                     encode(want, enc), (alg, s[:20], enc))
                    checked += 1
            want = py_hash(alg, bytes(range(256)))
            if want is not None:
                self.assertEqual(self.out["hash"][alg + "|bin|hex"], want.hex())
        self.assertGreaterEqual(checked, 7 * len(INPUTS) * len(ENCODINGS))

    def test_fixed_vectors(self):
        h = self.out["hash"]
        # FIPS 180-2 appendix B.1 / C.1 ("abc"), RFC 1321 ("abc"), RIPEMD-160 paper ("abc")
        self.assertEqual(h["sha256|1|hex"],
                         "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        self.assertEqual(h["sha1|1|hex"], "a9993e364706816aba3e25717850c26c9cd0d89d")
        self.assertEqual(h["md5|1|hex"], "900150983cd24fb0d6963f7d28e17f72")
        self.assertEqual(h["ripemd160|1|hex"], "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc")
        self.assertEqual(h["sha512_256|1|hex"],
                         "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23")
        if "md4" not in self.out["missing"]:
            # RFC 1320 appendix A.5 (Python's hashlib often lacks md4)
            self.assertEqual(h["md4|0|hex"], "31d6cfe0d16ae931b73c59d7e0c089c0")
            self.assertEqual(h["md4|1|hex"], "a448017aaf21d8525fc10ae87aa6729d")
        hm = self.out["hmac"]
        jefe, want = KEYS.index("Jefe"), INPUTS.index("what do ya want for nothing?")
        # RFC 4231 test case 2 (HMAC-SHA-256), RFC 2202 test cases 2 (HMAC-MD5, HMAC-SHA-1)
        self.assertEqual(hm["sha256|%d|%d" % (jefe, want)],
                         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        self.assertEqual(hm["md5|%d|%d" % (jefe, want)], "750c783e6ab0b503eaa86e310a5db738")
        self.assertEqual(hm["sha1|%d|%d" % (jefe, want)],
                         "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")

    def test_hmac_against_python(self):
        checked = 0
        for alg in ALGS:
            if alg in self.out["missing"]:
                continue
            for k, key in enumerate(KEYS):
                for i, s in enumerate(INPUTS):
                    want = py_hmac(alg, key.encode(), s.encode("utf-8"))
                    if want is None:
                        continue
                    self.assertEqual(self.out["hmac"]["%s|%d|%d" % (alg, k, i)], want.hex(),
                                     (alg, key[:10], s[:10]))
                    checked += 1
            want = py_hmac(alg, bytes(range(256)), bytes(range(256)))
            if want is not None:
                self.assertEqual(self.out["hmac"][alg + "|binkey|bin"],
                                 base64.b64encode(want).decode())
        self.assertGreaterEqual(checked, 7 * len(KEYS) * len(INPUTS))

    def test_incremental(self):
        m = self.out["misc"]
        part = b"The quick brown fox "
        self.assertEqual(m["partial"], hashlib.sha256(part).hexdigest())
        self.assertEqual(m["partialAgain"], m["partial"])
        self.assertEqual(m["whole"], base64.b64encode(
            hashlib.sha256(part + bytes(range(256)) + b"jumps").digest()).decode())
        want = hmac.new(b"secret", b"part one, part two", "sha512").hexdigest()
        self.assertEqual(m["hmacInc"], want)
        self.assertEqual(m["hmacIncAgain"], want)

    def test_binary_random_hex(self):
        m = self.out["misc"]
        self.assertTrue(m["binaryIsAB"])
        self.assertEqual(m["binaryLen"], 32)
        self.assertTrue(m["randomIsAB"])
        self.assertEqual(m["randomLen"], 32)
        self.assertTrue(m["randomDiffer"])
        self.assertEqual(m["hexStr"], "abc\u00e9".encode().hex())

    def test_errors(self):
        m = self.out["misc"]
        self.assertTrue(m["badAlg"].startswith("Error: Invalid algorithm: sha3"), m["badAlg"])
        self.assertTrue(m["badHmacAlg"].startswith("Error: Invalid algorithm: nope"))
        self.assertTrue(m["badEnc"].startswith("Error: Invalid output encoding: base32"))
        self.assertTrue(m["noEnc"].startswith("Error: Invalid output encoding: undefined"))
        self.assertTrue(m["badSize"].startswith("Error: invalid size"), m["badSize"])
        self.assertTrue(m["badInput"].startswith("TypeError: the input must be a string or "
                                                 "an ArrayBuffer"), m["badInput"])

    def test_global_crypto(self):
        m = self.out["misc"]
        self.assertTrue(m["lazyBefore"], "crypto is installed on first use")
        self.assertTrue(m["lazyAfter"])
        self.assertEqual(len(m["uuids"]), 200)
        v4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
        for u in m["uuids"]:
            self.assertRegex(u, v4)
        self.assertTrue(m["grvSame"])
        self.assertTrue(m["grvNonZero"])
        self.assertTrue(m["grvU32"])
        self.assertIn("TypeMismatchError", m["grvFloat"])
        self.assertIn("QuotaExceededError", m["grvQuota"])


class InitErrors(unittest.TestCase):
    def test_bad_encoding_in_init_exits_107(self):
        r = run("import crypto from 'k6/crypto';\n\nconst x = crypto.md5('abc', 'hax');\n"
                "export default function () {}\n", export=False)
        self.assertEqual(r.rc, 107, r)
        self.assertIn("Invalid output encoding: hax", r.err)
        self.assertIn("script.js:3", r.err)

    def test_bad_algorithm_in_init_exits_107(self):
        r = run("import { createHMAC } from 'k6/crypto';\nconst h = createHMAC('sha999', 'k');\n"
                "export default function () {}\n", export=False)
        self.assertEqual(r.rc, 107, r)
        self.assertIn("Invalid algorithm: sha999", r.err)
        self.assertIn("script.js:2", r.err)


if __name__ == "__main__":
    lgtest.main()
