/*
 * SPDX-License-Identifier: Apache-2.0
 * mod_metrics.js - k6/metrics: Counter, Gauge, Rate, Trend.  Compiled once per run
 * and loaded into a VU the first time it imports the module (src/js/modules.c).
 * ES5.1 only.  Gets its natives object (unused here), the global object and
 * `lg`, the runtime's table of natives; returns the module's exports.
 */
function (natives, global, lg) {
	'use strict';

	function hidden(obj, name, value) {
		Object.defineProperty(obj, name, { value: value, writable: true, configurable: true });
	}
	function makeMetrics() {
		function kind(type, typeName) {
			var C = function (name, isTime) {
				if (!(this instanceof C)) throw new TypeError(typeName + ' must be called with new');
				var id = lg.metricDeclare(String(name), type, !!isTime);
				Object.defineProperty(this, 'name', { value: String(name), enumerable: true });
				hidden(this, '_id', id);
			};
			C.prototype.add = function (value, tags) { return lg.metricAdd(this._id, value, tags); };
			return C;
		}
		return {
			Counter: kind(0, 'Counter'), Gauge: kind(1, 'Gauge'),
			Rate: kind(2, 'Rate'), Trend: kind(3, 'Trend')
		};
	}

	return makeMetrics();
}
