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
  HOBJECT_ENTRY_MINGROW_ADD          property tables grow by 8 slots, not 2: 3% fewer
                                     instructions per CI-style iteration, same heap
                                     after init (objects are compacted).
  LIGHTFUNC_BUILTINS                 built-in functions as lightfuncs (a tagged
                                     pointer, no object): 95.5 KB -> 59.5 KB per
                                     empty VU heap.  Their .name/.length are
                                     virtual and they take no own properties.
  GET_RANDOM_DOUBLE(udata)           Math.random (and Array.prototype.sort) draw
                                     from lg_duk_random_double(), the runtime's
                                     generator that k6's randomSeed() seeds; Math
                                     itself is never replaced (read-only in ROM).

--rom (meson -Dduktape_rom=true, see docs/DUKTAPE-ROM.md) adds ROM built-ins:
  ROM_OBJECTS, ROM_STRINGS           built-in objects and strings are const data
                                     shared by every heap (~95 KB -> ~10 KB per
                                     empty heap); needs the amalgamation that
                                     gen_duk_rom.py generates.
  ROM_GLOBAL_CLONE                   each heap gets a writable RAM copy of the
                                     global object (the prelude and scripts
                                     define globals; an inheriting global would
                                     hide the standard bindings from
                                     Object.keys/hasOwnProperty).
  HSTRING_ARRIDX off                 Duktape 2.7 refuses it with ROM built-ins.

-D NAME[=VALUE] / -U NAME (meson -Dduktape_config=...) set or unset any
further DUK_USE_x option: for measurements, not for releases.
"""
import argparse
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
    # Grow a small object's property table by 8 slots, not 2: a Response's
    # fields, a check's enumerator and k6's small result objects are built
    # property by property every iteration, and each growth is a realloc
    # (-3% instructions per iteration in ci/bench b; heaps are compacted
    # after init, so a VU's resident heap does not change).
    "DUK_USE_HOBJECT_ENTRY_MINGROW_ADD": "#define DUK_USE_HOBJECT_ENTRY_MINGROW_ADD 64",
    "DUK_USE_LIGHTFUNC_BUILTINS": "#define DUK_USE_LIGHTFUNC_BUILTINS",
    "DUK_USE_GET_RANDOM_DOUBLE":
        "extern double lg_duk_random_double(void *udata);\n"
        "#define DUK_USE_GET_RANDOM_DOUBLE(udata) lg_duk_random_double((udata))",
}

ROM_SETTINGS = {
    "DUK_USE_ROM_OBJECTS": "#define DUK_USE_ROM_OBJECTS",
    "DUK_USE_ROM_STRINGS": "#define DUK_USE_ROM_STRINGS",
    "DUK_USE_ROM_GLOBAL_CLONE": "#define DUK_USE_ROM_GLOBAL_CLONE",
    "DUK_USE_ROM_GLOBAL_INHERIT": "#undef DUK_USE_ROM_GLOBAL_INHERIT",
    "DUK_USE_HSTRING_ARRIDX": "#undef DUK_USE_HSTRING_ARRIDX",
}


def main():
    ap = argparse.ArgumentParser(usage="gen_duk_config.py [--rom] [-D NAME[=VALUE]]... "
                                 "[-U NAME]... INSTALLED_duk_config.h OUTPUT")
    ap.add_argument("--rom", action="store_true")
    ap.add_argument("-D", dest="define", action="append", default=[])
    ap.add_argument("-U", dest="undef", action="append", default=[])
    ap.add_argument("input")
    ap.add_argument("output")
    a = ap.parse_args()
    if a.rom:
        SETTINGS.update(ROM_SETTINGS)
    for d in a.define:
        name, _, value = d.partition("=")
        SETTINGS[name] = ("#define %s %s" % (name, value)).rstrip()
    for name in a.undef:
        SETTINGS[name] = "#undef " + name
    with open(a.input, encoding="utf-8") as f:
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
                 % (a.input, ", ".join(missing)))
    with open(a.output, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    main()
