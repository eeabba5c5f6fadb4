#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Derive loadgate's duk_config.h from the one Debian's duktape-dev installs.

Each setting below replaces the `#define NAME ...` / `#undef NAME` line of the
installed file; nothing else changes.  The installed file is never copied into
the repository: this script runs at build time.

Why each setting (see docs/ARCHITECTURE.md, "JavaScript engine"):
  FASTINT / JSON_STRINGIFY_FASTPATH  measured 10.2 us -> 4.6 us per small iteration.
  *_RECLIMIT                         a VU runs on a 256 KiB coroutine stack; these
                                     limits turn deep recursion into a catchable
                                     RangeError long before the guard page.
  EXEC_TIMEOUT_CHECK                 lets the runtime interrupt a VU stuck in a
                                     busy JavaScript loop (gracefulStop, Ctrl+C).
  STRTAB_MINSIZE                     a smaller initial string table per VU heap.
"""
import re
import sys

SETTINGS = {
    "DUK_USE_FASTINT": "#define DUK_USE_FASTINT",
    "DUK_USE_JSON_STRINGIFY_FASTPATH": "#define DUK_USE_JSON_STRINGIFY_FASTPATH",
    "DUK_USE_INTERRUPT_COUNTER": "#define DUK_USE_INTERRUPT_COUNTER",
    "DUK_USE_EXEC_TIMEOUT_CHECK":
        "extern int lg_duk_exec_timeout_check(void *udata);\n"
        "#define DUK_USE_EXEC_TIMEOUT_CHECK(udata) lg_duk_exec_timeout_check((udata))",
    "DUK_USE_NATIVE_CALL_RECLIMIT": "#define DUK_USE_NATIVE_CALL_RECLIMIT 200",
    "DUK_USE_COMPILER_RECLIMIT": "#define DUK_USE_COMPILER_RECLIMIT 400",
    "DUK_USE_JSON_ENC_RECLIMIT": "#define DUK_USE_JSON_ENC_RECLIMIT 200",
    "DUK_USE_JSON_DEC_RECLIMIT": "#define DUK_USE_JSON_DEC_RECLIMIT 200",
    "DUK_USE_CBOR_ENC_RECLIMIT": "#define DUK_USE_CBOR_ENC_RECLIMIT 200",
    "DUK_USE_CBOR_DEC_RECLIMIT": "#define DUK_USE_CBOR_DEC_RECLIMIT 200",
    "DUK_USE_REGEXP_COMPILER_RECLIMIT": "#define DUK_USE_REGEXP_COMPILER_RECLIMIT 1000",
    "DUK_USE_REGEXP_EXECUTOR_RECLIMIT": "#define DUK_USE_REGEXP_EXECUTOR_RECLIMIT 1000",
    "DUK_USE_MARK_AND_SWEEP_RECLIMIT": "#define DUK_USE_MARK_AND_SWEEP_RECLIMIT 64",
    "DUK_USE_STRTAB_MINSIZE": "#define DUK_USE_STRTAB_MINSIZE 128",
}


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen_duk_config.py INSTALLED_duk_config.h OUTPUT")
    with open(sys.argv[1], encoding="utf-8") as f:
        lines = f.read().split("\n")
    seen = set()
    pat = re.compile(r"^#(define|undef)\s+(DUK_USE_[A-Z0-9_]+)\b")
    out = []
    for line in lines:
        m = pat.match(line)
        if m and m.group(2) in SETTINGS and m.group(2) not in seen:
            seen.add(m.group(2))
            out.append(SETTINGS[m.group(2)] + "  /* loadgate */")
            continue
        out.append(line)
    missing = sorted(set(SETTINGS) - seen)
    if missing:
        sys.exit("gen_duk_config.py: %s has no line for %s (is it Duktape 2.7?)"
                 % (sys.argv[1], ", ".join(missing)))
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    main()
