/*
 * SPDX-License-Identifier: Apache-2.0
 * mod_k6utils.js - the built-in equivalent of jslib.k6.io's k6-utils
 * (https://jslib.k6.io/k6-utils/<any version>/index.js), so scripts that
 * import it run without network.  Written from the documented behaviour.
 * ES5.1 only.  natives: { secureUuid } (src/js/mod_jslib.c).
 */
function (natives, global, lg) {
	'use strict';

	var exec;
	function execution() {
		if (!exec) exec = global.require('k6/execution');
		return exec;
	}

	/* an integer in [min, max], both included */
	function randomIntBetween(min, max) {
		return Math.floor(Math.random() * (max - min + 1) + min);
	}

	function randomItem(items) {
		return items[Math.floor(Math.random() * items.length)];
	}

	/* length characters drawn from charset (default: a-z) */
	function randomString(length, charset) {
		if (charset === undefined) charset = 'abcdefghijklmnopqrstuvwxyz';
		var n = Math.floor(Number(length)), out = '';
		if (!(n > 0)) return '';
		for (var i = 0; i < n; i++) out += charset.charAt((Math.random() * charset.length) | 0);
		return out;
	}

	/* UUID v4: Math.random by default, OpenSSL's CSPRNG when secure */
	function uuidv4(secure) {
		if (secure) return natives.secureUuid();
		return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, function (c) {
			var r = (Math.random() * 16) | 0;
			return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16);
		});
	}

	/*
	 * The text between the first left and the next right after it (null when
	 * either is missing); with repeat, an array of every such text, scanning
	 * on after each right (null when there is none).
	 */
	function findBetween(content, left, right, repeat) {
		var found = [], from = 0;
		content = String(content);
		left = String(left);
		right = String(right);
		while (from <= content.length) {
			var s = content.indexOf(left, from);
			if (s < 0) break;
			s += left.length;
			var e = content.indexOf(right, s);
			if (e < 0) break;
			if (!repeat) return content.substring(s, e);
			found.push(content.substring(s, e));
			from = e + right.length;
		}
		return found.length ? found : null;
	}

	/* numberOfStages + 2 ramping stages following a normal curve peaking at maxVus */
	function normalDistributionStages(maxVus, durationSeconds, numberOfStages) {
		if (numberOfStages === undefined) numberOfStages = 10;
		function density(x) { return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI); }
		var curve = [], durations = [], stages = [], i;
		for (i = 0; i < numberOfStages + 2; i++) {
			curve.push(0);
			durations.push(Math.ceil(durationSeconds / 6));
		}
		for (i = 0; i <= numberOfStages; i++) curve[i] = density(-2 + 4 * i / numberOfStages);
		var peak = Math.max.apply(null, curve);
		for (i = 1; i <= numberOfStages; i++) durations[i] = Math.ceil(4 * durationSeconds / (6 * numberOfStages));
		for (i = 0; i <= numberOfStages + 1; i++) {
			stages.push({ duration: durations[i] + 's', target: Math.round(curve[i] * maxVus / peak) });
		}
		return stages;
	}

	/* "1m30s", "250ms", "2h", "1d" -> milliseconds (a bare number is ms) */
	function parseDuration(str) {
		if (str === null || str === undefined || String(str).length < 1) throw new Error('str is empty');
		str = String(str);
		var re = /(\d+(?:\.\d*)?|\.\d+)(ms|d|h|m|s)?/g, total = 0, seen = {}, m, end = 0;
		var unit = { d: 86400000, h: 3600000, m: 60000, s: 1000, ms: 1 };
		while ((m = re.exec(str)) !== null) {
			if (m.index !== end) break;
			end = re.lastIndex;
			var u = m[2] || '';
			if (u && seen[u]) throw new Error(u + ' time unit is provided multiple times');
			seen[u] = true;
			var v = parseFloat(m[1]);
			total += u === 'ms' ? Math.floor(v) : u ? v * unit[u] : v;
		}
		if (end !== str.length) throw new Error(str.charAt(end) + ' is an unsupported time unit');
		return total;
	}

	function currentStages() {
		var e = execution(), sc = e.test.options.scenarios && e.test.options.scenarios[e.scenario.name];
		if (!sc) throw new Error("the exec.test.options object doesn't contain the current scenario " + e.scenario.name);
		if (!sc.stages) throw new Error('only ramping-vus or ramping-arrival-rate supports stages, it is not possible to get a stage index on other executors.');
		if (sc.stages.length < 1) throw new Error("the current scenario " + e.scenario.name + " doesn't contain any stage");
		return sc.stages;
	}

	/* the index of the stage the current scenario is in */
	function getCurrentStageIndex() {
		var stages = currentStages(), sum = 0;
		var elapsed = Date.now() - execution().scenario.startTime;
		for (var i = 0; i < stages.length; i++) {
			sum += parseDuration(stages[i].duration);
			if (elapsed < sum) return i;
		}
		return stages.length - 1;
	}

	function tagWithCurrentStageIndex() {
		execution().vu.tags.stage = getCurrentStageIndex();
	}

	/* tag stage_profile: ramp-up, steady or ramp-down */
	function tagWithCurrentStageProfile() {
		var i = getCurrentStageIndex(), profile = 'ramp-up';
		if (i >= 1) {
			var stages = currentStages(), cur = stages[i].target, prev = stages[i - 1].target;
			profile = cur > prev ? 'ramp-up' : cur === prev ? 'steady' : 'ramp-down';
		}
		execution().vu.tags.stage_profile = profile;
	}

	/* k6's check, waiting for promises (the value or a predicate's result) */
	function check(value, checkers, tags) {
		var k6check = global.require('k6').check;
		if (value && typeof value.then === 'function') {
			return value.then(function (v) { return check(v, checkers, tags); });
		}
		return k6check(value, checkers, tags);
	}

	return {
		randomIntBetween: randomIntBetween,
		randomItem: randomItem,
		randomString: randomString,
		uuidv4: uuidv4,
		findBetween: findBetween,
		normalDistributionStages: normalDistributionStages,
		parseDuration: parseDuration,
		getCurrentStageIndex: getCurrentStageIndex,
		tagWithCurrentStageIndex: tagWithCurrentStageIndex,
		tagWithCurrentStageProfile: tagWithCurrentStageProfile,
		check: check
	};
}
