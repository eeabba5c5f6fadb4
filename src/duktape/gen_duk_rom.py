#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Build a Duktape 2.7 amalgamation with ROM built-ins, at build time.

usage: gen_duk_rom.py --duktape-src DIR --amalgamation-dir DEBIAN_DIR
                      --config duk_config.h [--builtin-file FILE.yaml]...
                      [--rom-strings-from FILE.js]... --out duktape.c --cc CC...

DIR is Duktape's unpacked Debian *source* package (`apt-get source duktape`,
fetched by ci/duktape-rom; never committed).  Debian's binary package ships
the amalgamation built with RAM built-ins only; the ROM tables (built-in
objects and strings as const data shared by every heap) are produced by
Duktape's own tools/genbuiltins.py, which is written for Python 2.  Debian 12
has no Python 2, so this script runs that tool's code under Python 3 through a
small compatibility layer (see Py2Shim): a fixed list of textual rewrites,
each checked to match the expected number of times (a different Duktape fails
loudly), plus Python 2 builtins and byte-string I/O provided by us.  Strings
stay "byte strings" as in Python 2: a str whose characters are all <= U+00FF,
written and read as Latin-1.

User built-ins (--builtin-file, genbuiltins.py's YAML format) may name native
functions: genbuiltins.py declares a name not starting with duk_ extern, so
they are defined in loadgate's own C files (src/js).

The generated duk_builtins.h and duk_builtins.c replace the sections of the
same names in Debian's duktape.c (the amalgamation marks each file with
`#line 1 "name"`); the rest of the amalgamation is used as is.

Before generating, the script regenerates the RAM-only tables with the
amalgamation's own duk_config.h and checks that the result equals Debian's
duktape.c byte for byte: the self-check of the compatibility layer (and proof
that the source package matches the installed amalgamation).
"""
import argparse
import functools
import glob
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import types

import yaml

# --- Python 2 compatibility layer -------------------------------------------------------

# (file, old, new, how many times `old` occurs in Duktape 2.7.0's file)
REWRITES = [
    ("genbuiltins.py", "except Exception, e:", "except Exception as e:", 1),
    ("genbuiltins.py", ".has_key(", ".__contains__(", 52),
    ("genbuiltins.py", "strs.sort(cmp=sortCmp)",
     "strs.sort(key=functools.cmp_to_key(sortCmp))", 1),
    ("genbuiltins.py", "val = val['bytes'].decode('hex')", "val = _lg_unhex(val['bytes'])", 1),
    ("genbuiltins.py", "val = val.decode('hex')", "val = _lg_unhex(val)", 1),
    ("genbuiltins.py", "(val.encode('hex'), data.encode('hex'))", "(_lg_hex(val), _lg_hex(data))",
     1),
    ("genbuiltins.py", "struct.pack('>d', float(v)).encode('hex')",
     "_lg_hex(struct.pack('>d', float(v)))", 1),
    ("genbuiltins.py", "unicode_to_bytes(s['str']).encode('base64').strip()",
     "_lg_b64(unicode_to_bytes(s['str']))", 1),
    ("genbuiltins.py", "(ver / 10000, (ver / 100) % 100, ver % 100)",
     "(ver // 10000, (ver // 100) % 100, ver % 100)", 1),
    ("dukutil.py", "return nbits / 8", "return nbits // 8", 1),
    ("dukutil.py", "(skip * (res % 256)) / 256", "(skip * (res % 256)) // 256", 1),
]


class _NoUnicode:
    """Python 2's `unicode`: under Python 3 no value is one (all strings are
    byte strings of characters <= U+00FF), so `isinstance(x, unicode)` is false."""


def _open(path, mode="r", *args, **kwargs):
    if "b" in mode:  # byte strings as Latin-1 text, line ends untouched
        return open(path, mode.replace("b", ""), encoding="latin-1", newline="")
    return open(path, mode, *args, **kwargs)


def _hex(s):
    return s.encode("latin-1").hex()


def _unhex(s):
    return bytes.fromhex(s).decode("latin-1")


def _b64(s):
    import base64
    return base64.b64encode(s.encode("latin-1")).decode("ascii")


def _struct_module():
    m = types.ModuleType("struct")
    m.pack = lambda fmt, *v: struct.pack(fmt, *v).decode("latin-1")
    m.unpack = lambda fmt, s: struct.unpack(
        fmt, s.encode("latin-1") if isinstance(s, str) else s)
    m.calcsize = struct.calcsize
    return m


def _yaml_module():
    m = types.ModuleType("yaml")
    m.__dict__.update({k: v for k, v in yaml.__dict__.items() if not k.startswith("__")})
    # PyYAML >= 6 requires a Loader; Duktape's metadata is plain YAML.
    m.load = lambda stream, Loader=yaml.SafeLoader: yaml.load(stream, Loader=Loader)
    return m


def _repr(x):
    """Python 2's repr() of a byte string (generated comments quote strings)."""
    if not isinstance(x, str):
        return repr(x)
    q = '"' if "'" in x and '"' not in x else "'"
    out = []
    for c in x:
        o = ord(c)
        if c in (q, "\\"):
            out.append("\\" + c)
        elif c in "\t\n\r":
            out.append({"\t": "\\t", "\n": "\\n", "\r": "\\r"}[c])
        elif o < 0x20 or o >= 0x7f:
            out.append("\\x%02x" % o)
        else:
            out.append(c)
    return q + "".join(out) + q


def _unicode_to_bytes(x):
    if any(ord(c) > 0xff for c in x):
        raise Exception("invalid codepoint: %r" % x)
    return x


class Py2Shim:
    """Load Duktape's Python 2 tools as Python 3 modules."""

    def __init__(self, tools_dir):
        self.tools_dir = tools_dir

    def load(self, name):
        path = os.path.join(self.tools_dir, name + ".py")
        with open(path, encoding="utf-8") as f:
            src = f.read()
        for fname, old, new, count in REWRITES:
            if fname != name + ".py":
                continue
            n = src.count(old)
            if n != count:
                sys.exit("gen_duk_rom.py: %s: expected %d occurrence(s) of %r, found %d "
                         "(is it Duktape 2.7.0?)" % (path, count, old, n))
            src = src.replace(old, new)
        mod = types.ModuleType(name)
        mod.__file__ = path
        mod.__dict__.update({
            "xrange": range, "long": int, "unichr": chr, "unicode": _NoUnicode,
            "basestring": str, "cmp": lambda x, y: (x > y) - (x < y), "open": _open, "functools": functools,
            "repr": _repr, "_lg_hex": _hex, "_lg_unhex": _unhex, "_lg_b64": _b64,
        })
        sys.modules[name] = mod
        exec(compile(src, path, "exec"), mod.__dict__)
        # Imports inside the tool rebind these names: rebind them to ours.
        if "struct" in mod.__dict__:
            mod.struct = _struct_module()
        if "yaml" in mod.__dict__:
            mod.yaml = _yaml_module()
        if "unicode_to_bytes" in mod.__dict__:
            mod.unicode_to_bytes = _unicode_to_bytes
            mod.bytes_to_unicode = lambda x: x
        return mod


# --- Inputs genbuiltins.py needs ----------------------------------------------------------

def used_stridx_bidx(src_input):
    """What tools/scan_used_stridx_bidx.py computes: the DUK_STRIDX_x, DUK_BIDX_x
    and DUK_USE_x names the sources mention (unused strings get no index)."""
    pats = {
        "str": re.compile(r"DUK_(?:STRIDX|HEAP_STRING|HTHREAD_STRING)_(\w+)"),
        "obj": re.compile(r"DUK_BIDX_(\w+)"),
        "opt": re.compile(r"DUK_USE_(\w+)"),
    }
    found = {k: set() for k in pats}
    files = []
    for pat in ("*.c", "*.h", "*.h.in"):
        files += glob.glob(os.path.join(src_input, pat))
    for fn in files:
        with open(fn, encoding="latin-1") as f:
            d = f.read()
        for k, p in pats.items():
            found[k].update(p.findall(d))
    s = ["DUK_STRIDX_" + x for x in sorted(found["str"])]
    o = ["DUK_BIDX_" + x for x in sorted(found["obj"])]
    u = ["DUK_USE_" + x for x in sorted(found["opt"])]
    return {"used_stridx_defines": s, "used_bidx_defines": o, "used_duk_use_options": u,
            "count_used_stridx_defines": len(s), "count_used_bidx_defines": len(o),
            "count_duk_use_options": len(u)}


def active_options(config_dir, config_h, cc):
    """Every known DUK_USE_x option: true when config_h defines it for this
    compiler and target (what genconfig.py's --output-active-options gives)."""
    known = [os.path.basename(p)[:-5]
             for p in glob.glob(os.path.join(config_dir, "config-options", "DUK_USE_*.yaml"))]
    if not known:
        sys.exit("gen_duk_rom.py: no config options under %s" % config_dir)
    out = subprocess.run(cc + ["-dM", "-E", "-x", "c", config_h], check=True,
                         stdout=subprocess.PIPE, universal_newlines=True).stdout
    defined = set(re.findall(r"^#define (DUK_USE_\w+)", out, re.M))
    return {k: k in defined for k in sorted(known)}


# --- Splicing into the amalgamation -------------------------------------------------------

def combined_lines(text, name, new):
    """`new` as tools/combine_src.py would put file `name` into the
    amalgamation `text`: an #include of a file already combined becomes a
    comment, and a .c file ends with #undefs of what it left defined."""
    lines = new.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    inc = re.compile(r'^#include\s+(<|")(.*?)(>|").*$')
    for i, line in enumerate(lines):
        m = inc.match(line)
        if not m or m.group(2) in ("duk_config.h", "duktape.h"):
            continue
        if ('#line 1 "%s"\n' % m.group(2)) not in text:
            sys.exit("gen_duk_rom.py: %s includes %s, which the amalgamation lacks"
                     % (name, m.group(2)))
        lines[i] = "/* #include %s -> already included */" % m.group(2)
    if name.endswith(".c"):
        defined = {}
        for line in lines:
            m = re.match(r"#define\s+(\w+).*$", line)
            if m:
                defined[m.group(1)] = True
            m = re.match(r"#undef\s+(\w+).*$", line)
            if m:
                defined.pop(m.group(1), None)
        if defined:
            lines += ["", "/* automatic undefs */"] + ["#undef " + k for k in sorted(defined)]
    return "\n".join(lines) + "\n"


def replace_section(text, name, new):
    """Replace the lines of file `name` in the amalgamation: from `#line 1
    "name"` up to the next #line directive naming another file."""
    new = combined_lines(text, name, new)
    start = text.find('#line 1 "%s"\n' % name)
    if start < 0 or text.find('#line 1 "%s"\n' % name, start + 1) >= 0:
        sys.exit("gen_duk_rom.py: the amalgamation has no single section %s" % name)
    body = start + len('#line 1 "%s"\n' % name)
    m = re.compile(r'^#line \d+ "(?!%s")' % re.escape(name), re.M).search(text, body)
    if not m:
        sys.exit("gen_duk_rom.py: the section %s does not end" % name)
    return text[:body] + new + text[m.start():]


def generate(duktape_src, active, rom, builtin_files, tmp):
    """Run genbuiltins.py; returns the texts of duk_builtins.h and .c."""
    src_input = os.path.join(duktape_src, "src-input")
    shim = Py2Shim(os.path.join(duktape_src, "tools"))
    shim.load("dukutil")
    genbuiltins = shim.load("genbuiltins")
    genbuiltins.logger.setLevel("WARNING")

    def path(n):
        return os.path.join(tmp, n)
    with open(path("used.json"), "w") as f:
        json.dump(used_stridx_bidx(src_input), f)
    with open(path("active.json"), "w") as f:
        json.dump(active, f)
    with open(os.path.join(duktape_src, "duk_dist_meta.json")) as f:
        dist = json.load(f)
    with open(os.path.join(src_input, "duktape.h.in")) as f:
        ver = re.search(r"^#define\s+DUK_VERSION\s+(\d+)L", f.read(), re.M).group(1)
    argv = ["genbuiltins.py",
            "--git-commit", dist["git_commit"], "--git-branch", dist["git_branch"],
            "--git-describe", dist["git_describe"], "--duk-version", ver,
            "--used-stridx-metadata", path("used.json"),
            "--strings-metadata", os.path.join(src_input, "strings.yaml"),
            "--objects-metadata", os.path.join(src_input, "builtins.yaml"),
            "--out-header", path("duk_builtins.h"), "--out-source", path("duk_builtins.c"),
            "--out-metadata-json", path("meta.json"),
            "--active-options", path("active.json"), "--ram-support"]
    if rom:
        argv.append("--rom-support")
        for fn in builtin_files:
            argv += ["--builtin-file", fn]
    saved, sys.argv = sys.argv, argv
    try:
        genbuiltins.main()
    finally:
        sys.argv = saved
    out = []
    for n in ("duk_builtins.h", "duk_builtins.c"):
        with open(path(n), encoding="latin-1", newline="") as f:
            out.append(f.read())
    return out


def rom_strings_yaml(js_files, out):
    """A --builtin-file adding the identifiers and string literals of the
    given JavaScript files (the runtime prelude) to the ROM strings: every VU
    heap interns them when it loads the prelude, and an interned string that
    is in ROM costs the heap nothing."""
    strs = set()
    for fn in js_files:
        with open(fn, encoding="utf-8") as f:
            src = f.read()
        src = re.sub(r"/\*.*?\*/", " ", src, flags=re.S)
        src = re.sub(r"(?m)^\s*//.*$", " ", src)
        lit = re.compile(r"'((?:[^'\\\n]|\\.)*)'|\"((?:[^\"\\\n]|\\.)*)\"")
        for m in lit.finditer(src):
            v = m.group(1) if m.group(1) is not None else m.group(2)
            if "\\" not in v:  # escapes: rare, skip rather than decode
                strs.add(v)
        strs.update(re.findall(r"[A-Za-z_$][A-Za-z0-9_$]*", lit.sub(" ", src)))
    strs = sorted(s for s in strs if s and all(ord(c) < 0x80 for c in s))
    with open(out, "w", encoding="utf-8") as f:
        yaml.safe_dump({"add_forced_strings": [{"str": s} for s in strs]}, f)
    return len(strs)


def _present(entry, active):
    """Is a builtins.yaml object or property present with these options
    (genbuiltins.py's present_if: one option or a list, all required)?"""
    if entry.get("disable", False):
        return False
    req = entry.get("present_if", [])
    return all(active.get(o, False) for o in ([req] if isinstance(req, str) else req))


def resolve_user_files(files, builtins_yaml, active, tmp):
    """loadgate's two extensions of the --builtin-file format, resolved into
    plain genbuiltins.py YAML (written under tmp; returns the new paths):
    a property with `lg_if_missing: true` is dropped where Duktape's built-in
    object already has that key (lg_polyfill_install() adds methods only where
    missing), and a value `{type: lg_same_as, object: ID, key: K}` becomes a
    copy of the definition of built-in ID's property K."""
    with open(builtins_yaml, encoding="utf-8") as f:
        base = {o["id"]: o for o in yaml.safe_load(f)["objects"]}

    def base_prop(oid, key):
        o = base.get(oid)
        if o is None or not _present(o, active):
            return None
        for p in o.get("properties", []):
            if p["key"] == key and _present(p, active):
                return p
        return None

    out = []
    for i, fn in enumerate(files):
        with open(fn, encoding="utf-8") as f:
            meta = yaml.safe_load(f)
        changed = False
        for o in meta.get("objects", []):
            props = []
            for p in o.get("properties", []):
                if p.pop("lg_if_missing", False):
                    changed = True
                    if base_prop(o["id"], p["key"]) is not None:
                        continue
                v = p.get("value")
                if isinstance(v, dict) and v.get("type") == "lg_same_as":
                    changed = True
                    src = base_prop(v["object"], v["key"])
                    if src is None:
                        sys.exit("gen_duk_rom.py: %s: %s has no property %r"
                                 % (fn, v["object"], v["key"]))
                    p["value"] = src["value"]
                props.append(p)
            if "properties" in o:
                o["properties"] = props
        if changed:
            fn = os.path.join(tmp, "user-%d.yaml" % i)
            with open(fn, "w", encoding="utf-8") as f:
                yaml.safe_dump(meta, f)
        out.append(fn)
    return out


def splice(text, h, c):
    return replace_section(replace_section(text, "duk_builtins.h", h), "duk_builtins.c", c)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duktape-src", required=True,
                    help="the unpacked Debian source package of Duktape")
    ap.add_argument("--amalgamation-dir", required=True,
                    help="Debian's amalgamation: duktape.c and duk_config.h")
    ap.add_argument("--config", required=True, help="loadgate's derived duk_config.h")
    ap.add_argument("--builtin-file", action="append", default=[],
                    help="user built-ins (genbuiltins.py YAML), in ROM")
    ap.add_argument("--rom-strings-from", action="append", default=[],
                    help="JavaScript file whose names and strings go to ROM")
    ap.add_argument("--out", required=True)
    ap.add_argument("--cc", required=True, nargs="+",
                    help="the C compiler command (last: takes the rest)")
    a = ap.parse_args()

    config_dir = os.path.join(a.duktape_src, "config")
    with open(os.path.join(a.amalgamation_dir, "duktape.c"), encoding="latin-1",
              newline="") as f:
        text = f.read()
    with tempfile.TemporaryDirectory(prefix="lg-duk-rom-") as tmp:
        # Self-check: the RAM tables regenerated under Python 3 from the source
        # package, with the amalgamation's own configuration, must reproduce
        # that amalgamation exactly.  This proves the compatibility layer and
        # that the source package matches the installed duktape-dev.
        debian = active_options(config_dir,
                                os.path.join(a.amalgamation_dir, "duk_config.h"), a.cc)
        h, c = generate(a.duktape_src, debian, False, [], tmp)
        if splice(text, h, c) != text:
            sys.exit("gen_duk_rom.py: the RAM built-ins regenerated from %s differ from %s: "
                     "the source package does not match the installed amalgamation "
                     "(or the Python 3 layer is wrong)"
                     % (a.duktape_src, os.path.join(a.amalgamation_dir, "duktape.c")))
        ours = active_options(config_dir, a.config, a.cc)
        if not ours.get("DUK_USE_ROM_OBJECTS"):
            sys.exit("gen_duk_rom.py: %s does not enable DUK_USE_ROM_OBJECTS" % a.config)
        files = resolve_user_files(a.builtin_file,
                                   os.path.join(a.duktape_src, "src-input", "builtins.yaml"),
                                   ours, tmp)
        if a.rom_strings_from:
            rom_strings_yaml(a.rom_strings_from, os.path.join(tmp, "strings.yaml"))
            files.append(os.path.join(tmp, "strings.yaml"))
        h, c = generate(a.duktape_src, ours, True, files, tmp)
    with open(a.out, "w", encoding="latin-1", newline="") as f:
        f.write(splice(text, h, c))


if __name__ == "__main__":
    main()
