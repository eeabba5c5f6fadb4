// Unhandled rejections are reported after the microtask queue drains, once.
function out(x) { console.log(x); }

Promise.reject(new Error('nobody listens'));
var later = Promise.reject('handled in the same turn');
Promise.resolve().then(function () { later.catch(function (e) { out('caught: ' + e); }); });
Promise.reject('handled at once').catch(function () {});
Promise.resolve(1).then(function () { throw new TypeError('thrown in then'); });
var derived = Promise.reject('source');
derived.then(function () {}); // the source is handled; the derived promise is not
new Promise(function (res, rej) { rej(42); });
var tooLate = Promise.reject('handled in a later turn');
setTimeout(function () {
	out('timer 1');
	tooLate.catch(function (e) { out('caught late: ' + e); });
	Promise.reject('from a timer');
}, 0);
setTimeout(function () {
	out('timer 2');
	queueMicrotask(function () { out('microtask in timer 2'); });
	Promise.resolve().then(function () { out('then in timer 2'); });
}, 5);
out('end of script');
