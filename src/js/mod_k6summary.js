/*
 * SPDX-License-Identifier: Apache-2.0
 * mod_k6summary.js - the built-in equivalent of jslib.k6.io's k6-summary
 * (https://jslib.k6.io/k6-summary/<any version>/index.js): textSummary and
 * jUnit render handleSummary's data with loadgate's own renderers
 * (src/report through src/js/mod_jslib.c), so they print what loadgate
 * prints.  ES5.1 only.
 */
function (natives, global, lg) {
	'use strict';

	/* options: indent (default ' '), enableColors (default true),
	 * summaryTrendStats, summaryTimeUnit (default: data.options') */
	function textSummary(data, options) {
		var o = options || {};
		var indent = o.indent === undefined || o.indent === null ? ' ' : String(o.indent);
		return natives.textSummary(data, o, indent, o.enableColors === undefined ? true : !!o.enableColors);
	}

	/* options: name (the <testsuites> name, default "loadgate"); classname
	 * is accepted and ignored (each testcase keeps loadgate's classname) */
	function jUnit(data, options) {
		var o = options || {};
		return natives.jUnit(data, o.name === undefined || o.name === null ? '' : String(o.name));
	}

	return { textSummary: textSummary, jUnit: jUnit };
}
