/*
 * SPDX-License-Identifier: Apache-2.0
 * mod_execution.js - k6/execution: the exec object.  Compiled once per run
 * and loaded into a VU the first time it imports the module (src/js/modules.c).
 * ES5.1 only.  Gets its natives object (unused here), the global object and
 * `lg`, the runtime's table of natives; returns the module's exports.
 */
function (natives, global, lg) {
	'use strict';

	function hidden(obj, name, value) {
		Object.defineProperty(obj, name, { value: value, writable: true, configurable: true });
	}
	function makeExecution() {
		var e = {};
		function getter(name, fn) { Object.defineProperty(e, name, { get: fn, enumerable: true }); }
		/* exec.vu.tags: setting a key tags every later sample of this VU */
		var vuTags = new Proxy({}, {
			set: function (t, k, v) {
				if (v !== null && typeof v === 'object') throw new TypeError('tag values must be strings, numbers or booleans');
				lg.vuTag(String(k), String(v)); t[k] = String(v); return true;
			},
			deleteProperty: function (t, k) { lg.vuTag(String(k), null); delete t[k]; return true; }
		});
		var vuMetadata = {};
		getter('vu', function () {
			var i = lg.execInfo();
			return {
				idInInstance: i.vu, idInTest: i.vuInTest,
				iterationInInstance: i.iter, iterationInScenario: i.iterScenario,
				tags: vuTags, metrics: { tags: vuTags, metadata: vuMetadata }
			};
		});
		getter('scenario', function () {
			var i = lg.execInfo();
			return {
				name: i.scenario, executor: i.executor, startTime: i.scenarioStart,
				progress: i.progress, iterationInInstance: i.iterScenarioInstance,
				iterationInTest: i.iterInTest
			};
		});
		getter('instance', function () {
			var i = lg.execInfo();
			return {
				iterationsCompleted: i.itersComplete, iterationsInterrupted: i.itersInterrupted,
				vusActive: i.vusActive, vusInitialized: i.vusInitialized,
				currentTestRunDuration: i.duration
			};
		});
		getter('test', function () {
			return {
				abort: function (msg) { lg.abort(msg === undefined ? '' : String(msg), 108); },
				fail: function (msg) { lg.abort(msg === undefined ? '' : String(msg), 110); },
				options: JSON.parse(lg.execInfo().options)
			};
		});
		return e;
	}

	return makeExecution();
}
