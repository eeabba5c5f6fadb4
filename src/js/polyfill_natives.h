/* SPDX-License-Identifier: Apache-2.0 */
/*
 * polyfill_natives.h - THE list of the C methods the polyfills add to
 * built-in objects (an X-macro list; no include guard, included with the
 * macros defined).  Read by:
 *  - polyfill_es.c: the table lg_polyfill_install() installs from (RAM
 *    built-ins: each method where missing, as a lightfunc);
 *  - polyfill_int.h: the declarations of the functions;
 *  - gen_polyfill_rom.c, at build time with -Dduktape_rom: the same methods
 *    as ROM data (genbuiltins.py YAML, docs/DUKTAPE-ROM.md), where a heap
 *    pays nothing for them.
 *
 * LG_PF_NATIVE(owner, key, fn, nargs, length, magic): owner is an OW_ slot
 * without its prefix (polyfill_int.h), key a property name or ITER_NAME
 * (Symbol.iterator), fn a duk_c_function with external linkage (the ROM
 * image names it), nargs may be VA (DUK_VARARGS).
 * LG_PF_SHARED(owner, key): owner[key] = Array.prototype[key] (the generic
 * Array method serves %TypedArray%.prototype too).
 */
LG_PF_NATIVE(ARRAY_P, "keys", lg__pf_array_values, 0, 0, IT_KEYS)
LG_PF_NATIVE(ARRAY_P, "values", lg__pf_array_values, 0, 0, IT_VALUES)
LG_PF_NATIVE(ARRAY_P, "entries", lg__pf_array_values, 0, 0, IT_ENTRIES)
LG_PF_NATIVE(ARRAY_P, ITER_NAME, lg__pf_array_values, 0, 0, IT_VALUES)
LG_PF_NATIVE(STRING_P, ITER_NAME, lg__pf_string_iterator, 0, 0, 0)
LG_PF_NATIVE(TYPED_P, "keys", lg__pf_array_values, 0, 0, IT_KEYS)
LG_PF_NATIVE(TYPED_P, "values", lg__pf_array_values, 0, 0, IT_VALUES)
LG_PF_NATIVE(TYPED_P, "entries", lg__pf_array_values, 0, 0, IT_ENTRIES)
LG_PF_NATIVE(TYPED_P, ITER_NAME, lg__pf_array_values, 0, 0, IT_VALUES)

LG_PF_NATIVE(ARRAY, "from", lg__pf_array_from, 3, 1, 0)
LG_PF_NATIVE(ARRAY, "of", lg__pf_array_of, VA, 0, 0)
LG_PF_NATIVE(ARRAY_P, "find", lg__pf_array_find, 2, 1, 0)
LG_PF_NATIVE(ARRAY_P, "findIndex", lg__pf_array_find, 2, 1, 2)
LG_PF_NATIVE(ARRAY_P, "findLast", lg__pf_array_find, 2, 1, 1)
LG_PF_NATIVE(ARRAY_P, "findLastIndex", lg__pf_array_find, 2, 1, 3)
LG_PF_NATIVE(ARRAY_P, "includes", lg__pf_array_includes, 2, 1, 0)
LG_PF_NATIVE(ARRAY_P, "fill", lg__pf_array_fill, 3, 1, 0)
LG_PF_NATIVE(ARRAY_P, "flat", lg__pf_array_flat, 1, 0, 0)
LG_PF_NATIVE(ARRAY_P, "flatMap", lg__pf_array_flat_map, 2, 1, 0)
LG_PF_NATIVE(ARRAY_P, "copyWithin", lg__pf_array_copy_within, 3, 2, 0)
LG_PF_NATIVE(ARRAY_P, "at", lg__pf_array_at, 1, 1, 0)
LG_PF_NATIVE(STRING_P, "at", lg__pf_array_at, 1, 1, 0)

LG_PF_SHARED(TYPED_P, "forEach")
LG_PF_SHARED(TYPED_P, "indexOf")
LG_PF_SHARED(TYPED_P, "lastIndexOf")
LG_PF_SHARED(TYPED_P, "join")
LG_PF_SHARED(TYPED_P, "every")
LG_PF_SHARED(TYPED_P, "some")
LG_PF_SHARED(TYPED_P, "reduce")
LG_PF_SHARED(TYPED_P, "reduceRight")
LG_PF_SHARED(TYPED_P, "reverse")
LG_PF_NATIVE(TYPED_P, "find", lg__pf_array_find, 2, 1, 0)
LG_PF_NATIVE(TYPED_P, "findIndex", lg__pf_array_find, 2, 1, 2)
LG_PF_NATIVE(TYPED_P, "findLast", lg__pf_array_find, 2, 1, 1)
LG_PF_NATIVE(TYPED_P, "findLastIndex", lg__pf_array_find, 2, 1, 3)
LG_PF_NATIVE(TYPED_P, "includes", lg__pf_array_includes, 2, 1, 0)
LG_PF_NATIVE(TYPED_P, "fill", lg__pf_array_fill, 3, 1, 0)
LG_PF_NATIVE(TYPED_P, "at", lg__pf_array_at, 1, 1, 0)
LG_PF_NATIVE(TYPED_P, "slice", lg__pf_typed_slice, 2, 2, 0)
LG_PF_NATIVE(TYPED_P, "map", lg__pf_typed_map, 2, 1, 0)
LG_PF_NATIVE(TYPED_P, "filter", lg__pf_typed_map, 2, 1, 1)
LG_PF_NATIVE(TYPED_P, "sort", lg__pf_typed_sort, 1, 1, 0)

LG_PF_NATIVE(OBJECT, "entries", lg__pf_object_entries, 1, 1, 1)
LG_PF_NATIVE(OBJECT, "values", lg__pf_object_entries, 1, 1, 0)
LG_PF_NATIVE(OBJECT, "fromEntries", lg__pf_object_from_entries, 1, 1, 0)
LG_PF_NATIVE(OBJECT, "getOwnPropertyDescriptors", lg__pf_object_descriptors, 1, 1, 0)
LG_PF_NATIVE(OBJECT, "hasOwn", lg__pf_object_has_own, 2, 2, 0)

LG_PF_NATIVE(STRING_P, "padStart", lg__pf_string_pad, 2, 1, 1)
LG_PF_NATIVE(STRING_P, "padEnd", lg__pf_string_pad, 2, 1, 0)
LG_PF_NATIVE(STRING_P, "trimStart", lg__pf_string_trim, 0, 0, 1)
LG_PF_NATIVE(STRING_P, "trimEnd", lg__pf_string_trim, 0, 0, 2)
LG_PF_NATIVE(STRING_P, "trimLeft", lg__pf_string_trim, 0, 0, 1)
LG_PF_NATIVE(STRING_P, "trimRight", lg__pf_string_trim, 0, 0, 2)
LG_PF_NATIVE(STRING_P, "replaceAll", lg__pf_string_replace_all, 2, 2, 0)
LG_PF_NATIVE(STRING_P, "matchAll", lg__pf_string_match_all, 1, 1, 0)
LG_PF_NATIVE(STRING, "raw", lg__pf_string_raw, VA, 1, 0)
