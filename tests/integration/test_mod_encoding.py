# SPDX-License-Identifier: Apache-2.0
"""k6/encoding end to end: b64encode/b64decode in the real binary against
Python's base64 (RFC 4648 vectors, every byte value, UTF-8 text), the four
variants, Go's decoding rules and the errors."""
import base64
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import lgtest  # noqa: E402
from lgtest import run  # noqa: E402

RFC4648 = ["", "f", "fo", "foo", "foob", "fooba", "foobar"]
TEXT = "h\u00e9llo w\u00f6rld \U0001F600 \u2713"
ALL_BYTES = bytes(range(256))


def py_b64(data, enc):
    if enc in ("std", "rawstd"):
        s = base64.b64encode(data).decode()
    else:
        s = base64.urlsafe_b64encode(data).decode()
    return s.rstrip("=") if enc.startswith("raw") else s


# The script computes everything in init and hands it back through handleSummary.
SCRIPT = r"""import encoding, { b64encode, b64decode } from 'k6/encoding';
const V = __VECTORS__;
const ENCS = ['std', 'rawstd', 'url', 'rawurl'];
function bytesOf(ab) { return Array.prototype.slice.call(new Uint8Array(ab)); }
const out = { rfc: {}, all: {}, text: {}, misc: {} };
for (const s of V.rfc) {
  for (const e of ENCS) {
    const enc = b64encode(s, e);
    const ab = b64decode(enc, e);
    out.rfc[s + '|' + e] = { enc: enc, str: b64decode(enc, e, 's'), bytes: bytesOf(ab),
                             isAB: ab instanceof ArrayBuffer };
  }
}
const all = new Uint8Array(256);
for (let i = 0; i < 256; i++) all[i] = i;
for (const e of ENCS) {
  const enc = b64encode(all.buffer, e);
  out.all[e] = { enc: enc, back: bytesOf(b64decode(enc, e)), view: b64encode(all, e) };
}
for (const e of ENCS) {
  const enc = b64encode(V.text, e);
  out.text[e] = { enc: enc, same: b64decode(enc, e, 's') === V.text, len: b64decode(enc, e, 's').length };
}
out.misc.defaultEnc = b64encode('foobar?>') === b64encode('foobar?>', 'std');
out.misc.unknownEnc = b64encode('\xff\xfe', 'nonsense');
out.misc.newlines = b64decode('Zm9v\nYmFy\r\n', 'std', 's');
out.misc.defaultObj = encoding.b64encode('x') === 'eA==';
function err(f) { try { f(); return null; } catch (e) { return e.name + ': ' + e.message; } }
out.misc.bad = err(() => b64decode('Zm9v!'));
out.misc.badRaw = err(() => b64decode('Zg==', 'rawstd'));
out.misc.badPad = err(() => b64decode('Zg', 'url'));
out.misc.badType = err(() => b64encode(42));
export default function () {}
export function handleSummary() { return { stdout: JSON.stringify(out) }; }
"""


def run_script():
    src = SCRIPT.replace("__VECTORS__", json.dumps({"rfc": RFC4648, "text": TEXT}))
    r = run(src, "--vus", "1", "--iterations", "1", export=False)
    return r, json.loads(r.out)


class Base64(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.r, cls.out = run_script()

    def test_exit(self):
        self.assertEqual(self.r.rc, 0, self.r)

    def test_rfc4648_vectors(self):
        for s in RFC4648:
            for e in ("std", "rawstd", "url", "rawurl"):
                got = self.out["rfc"][s + "|" + e]
                self.assertEqual(got["enc"], py_b64(s.encode(), e), (s, e))
                self.assertEqual(got["str"], s, (s, e))
                self.assertEqual(bytes(got["bytes"]), s.encode(), (s, e))
                self.assertTrue(got["isAB"], "b64decode returns an ArrayBuffer by default")
        # the RFC's own table, spelled out
        self.assertEqual(self.out["rfc"]["foob|std"]["enc"], "Zm9vYg==")
        self.assertEqual(self.out["rfc"]["fooba|rawstd"]["enc"], "Zm9vYmE")

    def test_every_byte_value(self):
        for e in ("std", "rawstd", "url", "rawurl"):
            got = self.out["all"][e]
            self.assertEqual(got["enc"], py_b64(ALL_BYTES, e), e)
            self.assertEqual(got["view"], got["enc"], "a typed array encodes like its buffer")
            self.assertEqual(bytes(got["back"]), ALL_BYTES, e)
        # the alphabets differ
        self.assertIn("+", self.out["all"]["std"]["enc"])
        self.assertIn("-", self.out["all"]["url"]["enc"])
        self.assertNotIn("+", self.out["all"]["rawurl"]["enc"])

    def test_utf8_text(self):
        for e in ("std", "rawstd", "url", "rawurl"):
            got = self.out["text"][e]
            self.assertEqual(got["enc"], py_b64(TEXT.encode("utf-8"), e), e)
            self.assertTrue(got["same"], e)
            # JavaScript length: the emoji is a surrogate pair
            self.assertEqual(got["len"], len(TEXT.encode("utf-16-le")) // 2)

    def test_defaults_and_go_rules(self):
        m = self.out["misc"]
        self.assertTrue(m["defaultEnc"])
        self.assertTrue(m["defaultObj"])
        # k6: an unknown encoding name means std
        self.assertEqual(m["unknownEnc"], py_b64("\xff\xfe".encode("utf-8"), "std"))
        self.assertEqual(m["newlines"], "foobar")

    def test_errors_are_catchable(self):
        m = self.out["misc"]
        self.assertEqual(m["bad"], 'Error: b64decode: illegal base64 data at input byte 4 '
                                   '(encoding "std")')
        self.assertIn("illegal base64 data at input byte 2", m["badRaw"])
        self.assertIn("illegal base64 data at input byte 0", m["badPad"])
        self.assertTrue(m["badType"].startswith("TypeError: b64encode: the input must be a "
                                                "string or an ArrayBuffer"), m["badType"])


class InitErrors(unittest.TestCase):
    def test_invalid_base64_in_init_exits_107(self):
        r = run("import { b64decode } from 'k6/encoding';\n\nb64decode('not base64!');\n"
                "export default function () {}\n", export=False)
        self.assertEqual(r.rc, 107, r)
        self.assertIn("illegal base64 data at input byte 3", r.err)
        self.assertIn("script.js:3", r.err)


if __name__ == "__main__":
    lgtest.main()
