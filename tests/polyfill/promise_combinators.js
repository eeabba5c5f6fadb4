// Promise.all / allSettled / any / race and their ordering.
function out(x) { console.log(x); }
function later(v, ms, fail) {
	return new Promise(function (res, rej) { setTimeout(function () { (fail ? rej : res)(v); }, ms); });
}
function show(v) { return JSON.stringify(v); }

Promise.all([1, Promise.resolve(2), later(3, 20), { then: function (r) { r(4); } }]).then(function (v) { out('all ' + show(v)); });
Promise.all([]).then(function (v) { out('all empty ' + show(v)); });
Promise.all([later('slow', 30), later('fail', 10, true), Promise.reject('fast fail')]).then(null, function (e) { out('all rejects with the first: ' + e); });
Promise.all('ab').then(function (v) { out('all of a string ' + show(v)); });
Promise.all(new Set([1, 2, 2, 3])).then(function (v) { out('all of a Set ' + show(v)); });
Promise.all(5).catch(function (e) { out('all of a number: ' + e.name); });
Promise.all(undefined).catch(function (e) { out('all of undefined: ' + e.name); });

Promise.allSettled([1, Promise.reject('no'), later('yes', 5)]).then(function (v) { out('allSettled ' + show(v)); });
Promise.allSettled([]).then(function (v) { out('allSettled empty ' + show(v)); });

Promise.any([Promise.reject(1), later('any ok', 5), later('slower', 15)]).then(function (v) { out('any ' + v); });
Promise.any([Promise.reject('e1'), later('e2', 5, true)]).catch(function (e) {
	out('any all rejected: ' + (e instanceof AggregateError) + ' ' + (e instanceof Error) + ' ' + e.name + ' ' + e.message + ' ' + show(e.errors));
});
Promise.any([]).catch(function (e) { out('any empty: ' + e.name + ' ' + show(e.errors)); });

Promise.race([later('r slow', 20), later('r fast', 5)]).then(function (v) { out('race ' + v); });
Promise.race([later('x', 20), later('race reject', 5, true)]).catch(function (e) { out('race rejected ' + e); });
Promise.race([3, Promise.resolve(4)]).then(function (v) { out('race of values ' + v); });
var never = Promise.race([]);
setTimeout(function () { out('race of nothing stays pending'); never.then(function () { out('never'); }); }, 40);

// Ordering: a resolved Promise.all settles after the element thens.
var order = [];
Promise.all([Promise.resolve('a')]).then(function () { order.push('all'); });
Promise.resolve().then(function () { order.push('t1'); }).then(function () { order.push('t2'); }).then(function () { order.push('t3'); });
setTimeout(function () { out('order ' + order.join(' ')); }, 0);

// AggregateError as a global.
var ag = new AggregateError([new Error('x'), 'y'], 'many');
out('AggregateError ' + ag.name + ' ' + ag.message + ' ' + ag.errors.length + ' ' + String(ag) + ' ' + Object.keys(ag).length);
