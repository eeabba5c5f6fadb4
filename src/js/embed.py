#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Embed a JavaScript file into a C header as a string constant.

embed.py SRC OUT [NAME]; NAME defaults to lg_ + the file's stem + _js
(mod_http.js -> lg_mod_http_js).
"""
import os
import sys

src, out = sys.argv[1], sys.argv[2]
stem = os.path.splitext(os.path.basename(src))[0]
name = sys.argv[3] if len(sys.argv) > 3 else "lg_%s_js" % stem
data = open(src, encoding="utf-8").read()
with open(out, "w", encoding="utf-8") as f:
    f.write("/* generated from %s by embed.py; do not edit */\n" % os.path.basename(src))
    f.write("static const char %s[] =\n" % name)
    for line in data.split("\n"):
        esc = line.replace("\\", "\\\\").replace('"', '\\"')
        f.write('\t"%s\\n"\n' % esc)
    f.write("\t;\n")
