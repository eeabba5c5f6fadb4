/*
 * SPDX-License-Identifier: Apache-2.0
 * mod_data.js - k6/data: SharedArray.  Compiled once per run and loaded into a
 * VU the first time it imports the module (src/js/modules.c).  ES5.1 only.
 * The elements live in C, once per process (src/js/mod_data.c); a
 * SharedArray is a Proxy whose traps are natives: `length`, indexes (each
 * read parses the element's JSON and deep-freezes it) and no writes.
 */
function (natives, global, lg) {
	'use strict';

	var handler = {
		get: natives.get,
		has: natives.has,
		set: natives.set,
		deleteProperty: natives.deleteProperty,
		defineProperty: natives.defineProperty,
		ownKeys: natives.ownKeys
	};

	function SharedArray(name, fn) {
		if (!(this instanceof SharedArray)) throw new TypeError('SharedArray must be called with new');
		return new Proxy(natives.make(name, fn, SharedArray.prototype), handler);
	}
	SharedArray.prototype = Object.create(Array.prototype);
	Object.defineProperty(SharedArray.prototype, 'constructor',
		{ value: SharedArray, writable: true, configurable: true });

	return { SharedArray: SharedArray };
}
