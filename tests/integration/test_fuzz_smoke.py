# SPDX-License-Identifier: Apache-2.0
"""A short libFuzzer run of every parser of user text (the JS front end and
the threshold expressions): built with clang's -fsanitize=fuzzer,address,
15 s each from the seed corpora.  A crash, leak or hang fails the test.
Longer runs: the commands in each tests/fuzz/*.c header."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import lgtest  # noqa: E402

SRC = lgtest.SOURCE_ROOT
BUILD = os.environ.get("LG_BUILD_ROOT", os.path.join(SRC, "build"))
CLANG = shutil.which("clang")
SECONDS = os.environ.get("LG_FUZZ_SECONDS", "15")


def libfuzzer_works(tmp):
    if not CLANG:
        return False
    c = os.path.join(tmp, "probe.c")
    with open(c, "w") as f:
        f.write("#include <stdint.h>\n#include <stddef.h>\n"
                "int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { return 0; }\n")
    return subprocess.run([CLANG, "-fsanitize=fuzzer", c, "-o", os.path.join(tmp, "probe")],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE).returncode == 0


class Fuzz(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="lgfuzz-")
        if not libfuzzer_works(cls.tmp):
            raise unittest.SkipTest("clang with libFuzzer is not available")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def build(self, out, *args):
        p = subprocess.run([CLANG, "-g", "-O1", "-fsanitize=fuzzer,address,undefined",
                            "-fno-sanitize-recover=all", "-D_GNU_SOURCE", "-w",
                            "-I" + os.path.join(SRC, "include"), "-I" + BUILD] + list(args) +
                           ["-lm", "-o", out], cwd=SRC, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.assertEqual(p.returncode, 0, p.stderr.decode()[-3000:])

    def fuzz(self, exe, *corpora, max_len):
        scratch = os.path.join(self.tmp, os.path.basename(exe) + "-corpus")
        os.makedirs(scratch, exist_ok=True)
        p = subprocess.run([exe, "-max_total_time=" + SECONDS, "-max_len=%d" % max_len,
                            "-timeout=10", "-artifact_prefix=" + self.tmp + "/", scratch] +
                           [os.path.join(SRC, c) for c in corpora],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=int(SECONDS) + 120)
        tail = p.stderr.decode(errors="replace")[-3000:]
        self.assertEqual(p.returncode, 0, tail)
        self.assertIn("Done", tail)

    def test_threshold_parser(self):
        exe = os.path.join(self.tmp, "fuzz_threshold")
        self.build(exe, "tests/fuzz/fuzz_threshold.c", "src/threshold/th_parse.c",
                   "src/base/mem.c", "src/base/err.c")
        self.fuzz(exe, "fixtures/fuzz/threshold", max_len=256)

    def test_front_end(self):
        duk = os.path.join(self.tmp, "duktape.o")
        p = subprocess.run([CLANG, "-g", "-O1", "-fsanitize=address", "-w", "-c",
                            "-I" + os.path.join(BUILD, "src", "duktape"),
                            os.path.join(BUILD, "src", "duktape", "duktape.c"), "-o", duk],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.assertEqual(p.returncode, 0, p.stderr.decode()[-3000:])
        exe = os.path.join(self.tmp, "fuzz_front")
        self.build(exe, "-I" + os.path.join(BUILD, "src", "front"),
                   "-I" + os.path.join(BUILD, "src", "duktape"),
                   "tests/fuzz/fuzz_front.c", "src/front/front.c", "src/front/lex.c",
                   "src/front/parse.c", "src/front/scope.c", "src/front/emit.c",
                   # named by Duktape's ROM image (docs/DUKTAPE-ROM.md)
                   "src/js/polyfill_es.c", "src/js/polyfill_util.c",
                   "src/base/err.c", "src/base/mem.c", duk)
        self.fuzz(exe, "tests/front/cases", "tests/front/errors", max_len=4096)


if __name__ == "__main__":
    lgtest.main()
