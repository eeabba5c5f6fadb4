// URLSearchParams: parsing, serialization (application/x-www-form-urlencoded), methods.
function out(x) { console.log(x); }
function j(x) { return JSON.stringify(x); }
function pairs(sp) { var r = []; sp.forEach(function (v, k) { r.push([k, v]); }); return j(r); }

out(pairs(new URLSearchParams('a=1&b=2&a=3')));
out(pairs(new URLSearchParams('?x=%20y+z&plus=%2B&empty=&novalue&=nokey&&amp=a%26b')));
out(pairs(new URLSearchParams('bad=%zz&utf=%C3%A9%E2%82%AC&invalid=%C3&lone=%ED%A0%80')));
out(pairs(new URLSearchParams([['k', 'v'], ['k', 'w'], ['n', 1]])));
out(pairs(new URLSearchParams({ obj: 'val', num: 42, bool: true, nul: null, und: undefined })));
out(pairs(new URLSearchParams(new Map([['m', 'map']]))));
out(pairs(new URLSearchParams(new URLSearchParams('copy=1'))));
out(pairs(new URLSearchParams()) + pairs(new URLSearchParams('')) + pairs(new URLSearchParams('?')));
try { new URLSearchParams([['a']]); } catch (e) { out('bad pair ' + e.name); }
try { new URLSearchParams([['a', 'b', 'c']]); } catch (e) { out('bad pair 3 ' + e.name); }

var sp = new URLSearchParams('q=1&q=2&r=x');
out('get ' + sp.get('q') + ' ' + sp.get('missing') + ' getAll ' + j(sp.getAll('q')) + ' ' + j(sp.getAll('none')));
out('has ' + sp.has('q') + ' ' + sp.has('z') + ' has(name, value) ' + sp.has('q', '2') + ' ' + sp.has('q', '3'));
sp.append('q', '3');
sp.set('r', 'y');
sp.set('new', 'n');
out('append/set ' + sp.toString());
sp.set('q', 'only');
out('set replaces all ' + sp.toString() + ' size ' + sp.size);
sp.append('d', '1');
sp.append('d', '2');
sp['delete']('d', '1');
out('delete(name, value) ' + sp.toString());
sp['delete']('d');
out('delete ' + sp.toString());

var ser = new URLSearchParams();
ser.append('space', 'a b');
ser.append('specials', "!'()*-._~");
ser.append('reserved', ':/?#[]@$&+,;=%');
ser.append('unicode', 'caf\u00e9 \u65e5\u672c \ud83d\ude00');
ser.append('lone', '\ud800x');
ser.append('newline', 'a\nb\r\nc');
ser.append('k e y', 'v');
out(ser.toString());
out(String(ser) === ser.toString() ? 'String() is toString()' : 'String() differs');
out('round trip ' + j(Array.from(new URLSearchParams(ser.toString()))));

var st = new URLSearchParams('z=1&a=2&b=3&a=1&\u00e9=4&Z=5&\ud83d\ude00=6&\ufb01=7');
st.sort();
out('sort (stable, by code units) ' + st.toString());

out('entries ' + j(Array.from(new URLSearchParams('a=1&b=2').entries())) + ' keys ' + j(Array.from(new URLSearchParams('a=1&b=2').keys())) + ' values ' + j(Array.from(new URLSearchParams('a=1&b=2').values())));
out('iterator is entries ' + (URLSearchParams.prototype[Symbol.iterator] === URLSearchParams.prototype.entries));
var live = new URLSearchParams('a=1&b=2'), it = live.keys();
it.next();
live.append('c', '3');
out('live iteration ' + j(Array.from({ length: 3 }, function () { return it.next().value; })));
var fe = [];
new URLSearchParams('x=1').forEach(function (v, k, p) { fe.push(v + k + (p instanceof URLSearchParams) + this.t); }, { t: '!' });
out('forEach ' + fe.join());
out('tag ' + Object.prototype.toString.call(sp) + ' keys ' + Object.keys(sp).length + ' JSON ' + JSON.stringify(sp));
out('lengths ' + [URLSearchParams.length, sp.append.length, sp.has.length, sp['delete'].length, sp.forEach.length].join(','));
try { URLSearchParams(); } catch (e) { out('URLSearchParams() ' + e.name); }
