// Promise job ordering: then chains, microtasks vs synchronous code, thenables.
var log = [];
function out(x) { log.push(x); console.log(x); }

out('sync 1');
Promise.resolve().then(function () { out('then a1'); }).then(function () { out('then a2'); }).then(function () { out('then a3'); });
Promise.resolve().then(function () { out('then b1'); }).then(function () { out('then b2'); });
queueMicrotask(function () { out('microtask q1'); });
new Promise(function (res) { out('executor runs synchronously'); res('x'); }).then(function (v) { out('executor value ' + v); });
out('sync 2');

// Resolving with a native promise takes two extra jobs.
var p1 = new Promise(function (res) { res(Promise.resolve('inner')); });
p1.then(function (v) { out('p1 (resolved with a promise) ' + v); });
Promise.resolve('direct').then(function (v) { out('direct ' + v); }).then(function () { out('direct +1'); }).then(function () { out('direct +2'); });

// Values and exceptions flow through chains.
Promise.resolve(1)
	.then(function (v) { return v + 1; })
	.then(function (v) { throw new Error('at ' + v); })
	.then(function () { out('skipped'); })
	.catch(function (e) { out('caught ' + e.message); return 'recovered'; })
	.then(function (v) { out('after catch ' + v); });

// A non-function handler passes the value/reason on.
Promise.resolve('pass').then(null).then(undefined, 5).then(function (v) { out('passed through ' + v); });
Promise.reject(new Error('r')).then(function () { out('no'); }).then(null, function (e) { out('reason through ' + e.message); });

// The executor throwing rejects; resolve after reject is ignored; reject after resolve too.
new Promise(function () { throw new TypeError('in executor'); }).catch(function (e) { out('executor threw ' + e.name + ': ' + e.message); });
new Promise(function (res, rej) { rej('first'); res('second'); rej('third'); }).then(function (v) { out('bad ' + v); }, function (e) { out('only ' + e); });
new Promise(function (res, rej) { res('one'); throw new Error('ignored'); }).then(function (v) { out('resolved then threw: ' + v); });

// Thenables: called in a later job; synchronous and asynchronous then; throwing then.
var thenable = { then: function (res) { out('thenable.then called'); res('from thenable'); } };
Promise.resolve(thenable).then(function (v) { out('thenable value ' + v); });
var lateThenable = { then: function (res) { setTimeout(function () { res('late'); }, 0); } };
Promise.resolve(lateThenable).then(function (v) { out('late thenable ' + v); });
var throwing = { then: function () { throw new Error('then threw'); } };
Promise.resolve(throwing).catch(function (e) { out('throwing thenable ' + e.message); });
var twice = { then: function (res, rej) { res('first wins'); rej('no'); res('no'); throw new Error('no'); } };
Promise.resolve(twice).then(function (v) { out('twice ' + v); });
var getterThrows = {};
Object.defineProperty(getterThrows, 'then', { get: function () { throw new Error('getter threw'); } });
Promise.resolve(getterThrows).catch(function (e) { out('then getter ' + e.message); });
var fnThenable = function () {};
fnThenable.then = function (res) { res('function thenable'); };
Promise.resolve(fnThenable).then(function (v) { out(v); });
Promise.resolve({ then: 42 }).then(function (v) { out('non-callable then is a plain value: ' + v.then); });

// Promise.resolve returns the same promise; a subclass-free identity check.
var same = Promise.resolve(7);
out('Promise.resolve(p) === p: ' + (Promise.resolve(same) === same));
out('new promise !== p: ' + (new Promise(function (r) { r(same); }) !== same));

// Chaining cycle.
var cyc = Promise.resolve().then(function () { return cyc; });
cyc.catch(function (e) { out('cycle ' + e.name + ': ' + e.message); });

// finally: passes values and reasons through, waits for its own promise, can override with a throw.
Promise.resolve('kept').finally(function () { out('finally 1'); return 'ignored'; }).then(function (v) { out('after finally ' + v); });
Promise.reject(new Error('kept reason')).finally(function () { out('finally 2'); }).catch(function (e) { out('after finally reason ' + e.message); });
Promise.resolve('x').finally(function () { throw new Error('finally threw'); }).catch(function (e) { out('finally override ' + e.message); });
Promise.resolve('y').finally(function () { return Promise.reject(new Error('finally rejected')); }).catch(function (e) { out('finally override 2 ' + e.message); });
Promise.resolve('z').finally().then(function (v) { out('finally without function ' + v); });

// Types and tags.
out('typeof ' + typeof Promise + ' ' + Object.prototype.toString.call(Promise.resolve()));
out('instanceof ' + (Promise.resolve() instanceof Promise));
try { Promise(function () {}); } catch (e) { out('call without new: ' + e.name); }
try { new Promise(5); } catch (e) { out('bad executor: ' + e.name); }
try { Promise.prototype.then.call({}, function () {}); } catch (e) { out('then on non-promise: ' + e.name); }
out('sync end');
setTimeout(function () { out('timeout; jobs run before it: ' + (log.indexOf('direct +2') >= 0)); }, 0);
