/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report_int.h - helpers shared by the files of src/report only.
 *
 * k6 renders its summaries in JavaScript, so matching it byte for byte means
 * reproducing a few ECMAScript number conversions exactly:
 *   Number.prototype.toString()  shortest round-trip digits, JS layout
 *                                ("1e+21", "1e-7", "0.000001", "123")
 *   Number.prototype.toFixed(f)  exact decimal value of the double, ties
 *                                away from zero (not glibc's ties-to-even)
 * and the string width k6 measures (code points, ANSI escapes excluded).
 */
#ifndef LG_REPORT_INT_H
#define LG_REPORT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "lg/base.h"
#include "lg/metrics.h"
#include "lg/summary.h"

/* Big enough for any lg__js_* result (toFixed of a value below 1e21). */
#define LG__JS_NUMBUF 64

/* ECMAScript Number::toString(v) (radix 10). Always NUL-terminates. */
void lg__js_number(double v, char *buf, size_t size);
/* ECMAScript Number.prototype.toFixed(digits), 0 <= digits <= 20. */
void lg__js_tofixed(double v, int digits, char *buf, size_t size);
/* k6's toFixedNoTrailingZeros: parseFloat(v.toFixed(prec)).toString(). */
void lg__js_fixed_nz(double v, int prec, char *buf, size_t size);

/*
 * k6's humanizeValue(): the rendering of one value of a metric of this type
 * and content (rate -> "12.34%", data -> "1.2 kB", time -> "1.5ms", default
 * -> up to 6 decimals).  time_unit as in struct lg_summary.
 */
void lg__humanize(double v, enum lg_metric_type type, enum lg_metric_contains contains,
                  const char *time_unit, char *buf, size_t size);

/* Display width as k6's strWidth() counts it: code points, ANSI escapes skipped. */
size_t lg__str_width(const char *s);

/*
 * Order of names in the summaries.  k6 sorts with String.localeCompare (CLDR
 * root collation); this reproduces it for ASCII: punctuation < digits <
 * letters, letters compared case-blind first, then lower case before upper
 * case, then bytes.  Other code points sort after 'z' by value.
 */
int lg__name_cmp(const char *a, const char *b);

/*
 * k6's sortMetricsByName: parent names ("x" of "x{k:v}") compared first, then
 * the "{...}" parts, so each sub-metric follows its parent.
 */
int lg__metric_name_cmp(const char *a, const char *b);

/*
 * Append s as a JSON string literal the way JSON.stringify writes it: ", \,
 * \b \f \n \r \t escaped, other control characters as \u00xx, everything else
 * raw.  Invalid UTF-8 becomes U+FFFD so the output is always valid JSON.
 */
void lg__json_string(struct lg_buf *out, const char *s);

/*
 * The JSON writer of report_json.c (JSON.stringify(x, null, 4) layout):
 *   lg__jw_member  start a member "key": of an object whose members sit at depth
 *   lg__jw_element start an element of an array whose elements sit at depth
 *   lg__jw_close   close the object/array opened at depth (empty: nothing inside)
 *   lg__jw_number  a number as JavaScript prints it; NaN and infinities as null
 *   lg__jw_setup_data  re-print setup()'s JSON at depth; false (nothing
 *                  written) when it is not valid JSON
 */
void lg__jw_spaces(struct lg_buf *b, int depth);
void lg__jw_member(struct lg_buf *b, int depth, bool *first, const char *key);
void lg__jw_element(struct lg_buf *b, int depth, bool *first);
void lg__jw_close(struct lg_buf *b, int depth, bool empty, char c);
void lg__jw_number(struct lg_buf *b, double v);
/* member "key": number / string (NULL as "") */
void lg__jw_num_member(struct lg_buf *b, int depth, bool *first, const char *key, double v);
void lg__jw_str_member(struct lg_buf *b, int depth, bool *first, const char *key, const char *v);
struct lg_summary_check;
/* a check {name, path, id, passes, fails} opened at depth (same in every JSON output) */
void lg__jw_check(struct lg_buf *b, int depth, const struct lg_summary_check *c);
bool lg__jw_setup_data(struct lg_buf *out, const char *json, int depth);

/*
 * A threshold as the reports show it (the text summary's THRESHOLDS lines,
 * JUnit failure messages, TAP diagnostics):
 *   lg__threshold_expr  the source expression, white space trimmed
 *   lg__threshold_agg   th->agg, else k6's source.split(/[=><]/)[0].trim()
 *   lg__threshold_value the observed value formatted like the metric's own
 *                       values; a counter's rate gets "/s", a trend's count
 *                       prints raw
 * Each returns a string the caller frees.
 */
char *lg__threshold_expr(const struct lg_summary_threshold *th);
char *lg__threshold_agg(const struct lg_summary_threshold *th);
char *lg__threshold_value(const struct lg_summary *s, const struct lg_summary_metric *m,
                          const char *agg, double v);

/*
 * Copy s into out as text XML 1.0 and YAML can both carry: invalid UTF-8,
 * control characters other than tab, newline and carriage return (C0, DEL,
 * C1), surrogates and U+FFFE/U+FFFF become U+FFFD.  Appends.
 */
void lg__clean_text(struct lg_buf *out, const char *s);

/* The name of an exit code ("thresholds have failed"...), or NULL. */
const char *lg__exit_code_name(int code);

#endif
