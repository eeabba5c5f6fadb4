#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Embed a JavaScript file into a C header as a string constant."""
import sys

src, out, name = sys.argv[1], sys.argv[2], sys.argv[3]
data = open(src, encoding="utf-8").read()
with open(out, "w", encoding="utf-8") as f:
    f.write("/* generated from %s by embed.py; do not edit */\n" % src.split("/")[-1])
    f.write("static const char %s[] =\n" % name)
    for line in data.split("\n"):
        esc = line.replace("\\", "\\\\").replace('"', '\\"')
        f.write('\t"%s\\n"\n' % esc)
    f.write("\t;\n")
