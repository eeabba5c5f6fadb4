// URL parsing of the URLs k6 scripts use.
function out(x) { console.log(x); }
var FIELDS = ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash'];
function show(input, base) {
	var u;
	try {
		u = base === undefined ? new URL(input) : new URL(input, base);
	} catch (e) {
		out(JSON.stringify(input) + (base !== undefined ? ' @ ' + base : '') + ' -> ' + e.name + ': ' + e.message);
		return;
	}
	out(JSON.stringify(input) + (base !== undefined ? ' @ ' + base : '') + ' ->');
	out('  ' + FIELDS.map(function (f) { return f + '=' + u[f]; }).join(' '));
}
[
	'http://127.0.0.1:8080/api/v1/items?id=5&sort=asc#top',
	'https://test.k6.io',
	'https://test.k6.io/',
	'HTTPS://Test.K6.IO:443/Path/../To/./Page.html',
	'http://example.com:80/',
	'http://example.com:0080/x',
	'http://example.com:8080',
	'http://example.com:/',
	'https://user:p%40ss@example.com:8443/secure?token=a%20b',
	'http://user@example.com/',
	'http://:pass@example.com/',
	'http://us er:pa ss@example.com/',
	'http://[::1]:3000/health',
	'http://[0:0:0:0:0:0:0:1]/',
	'http://[2001:DB8:0:0:1:0:0:1]/',
	'http://[::ffff:127.0.0.1]/',
	'http://127.1/',
	'http://0x7f.0.0.1/',
	'http://2130706433/',
	'http://0177.0.0.1/',
	'http://localhost:3333/a b/c"d/<e>/`f`/{g}',
	'http://example.com/path%20with%20escapes/%7Euser',
	'http://example.com/caf\u00e9?q=caf\u00e9#caf\u00e9',
	'http://example.com/?a=1&a=2&b=x%26y&c=%zz',
	'http://example.com/?q=it\'s "quoted" <tag>',
	'http://example.com/#frag with space`',
	'http://example.com/a/b/c/../../d',
	'http://example.com/a/b/..',
	'http://example.com/a/%2e%2E/b',
	'http://example.com/./a/.',
	'http://example.com\\a\\b',
	'http:\\\\example.com\\x',
	'http:example.com/x',
	'http:/example.com/x',
	'http:///example.com/x',
	'  http://example.com/trim  ',
	'http://ex\tam\nple.com/ta\tb',
	'ws://localhost:80/socket',
	'wss://echo.websocket.org:443/',
	'ftp://ftp.example.com:21/file.txt',
	'file:///etc/hosts',
	'file://localhost/tmp/x',
	'mailto:someone@example.com?subject=Hi',
	'data:text/plain,hello world',
	'foo://Host:99/Path',
	'urn:isbn:0451450523',
	'HTTP://EXAMPLE.COM/UPPER',
	'http://example.com?',
	'http://example.com#',
	'http://xn--nxasmq6b.com/',
	'http://example.com:65535/',
	'http://example.com:65536/',
	'http://exa mple.com/',
	'http://exa%20mple.com/',
	'http://[::1/',
	'http://[1:2:3]/',
	'http://256.0.0.1/',
	'http://1.2.3.4.5/',
	'http://example.com:12a/',
	'http://',
	'https:///',
	'not a url',
	'',
	'//example.com/x'
].forEach(function (s) { show(s); });

out('-- relative');
var base = 'https://api.example.com:8443/v1/users/list?page=2#hash';
['', '?page=3', '#other', 'detail', './detail', '../groups', '../../../../root', '/abs/path', '//cdn.example.com/lib.js',
	'http://other.com/', 'https:rel', 'http:rel', 'a?b#c', '\\back\\slash', '.', '..', ';x', 'mailto:x@y'].forEach(function (r) { show(r, base); });
show('x', new URL('http://h.com/a/b'));
show('x', 'mailto:a@b');
show('#f', 'mailto:a@b');
show('x');
show('x', 'not base');

out('-- setters');
var u = new URL('http://example.com/path?x=1#h');
u.pathname = '/new path/ü';
u.search = '?y=2 3';
u.hash = 'sec tion';
u.port = '8080';
u.username = 'me';
u.password = 'p@ss:w';
out(u.href);
u.port = '80';
u.hostname = 'Other.COM';
out(u.href + ' ' + u.host);
u.host = 'third.com:9090';
out(u.href);
u.protocol = 'https';
out(u.href + ' origin ' + u.origin);
u.protocol = 'ftp:';
u.protocol = 'foo';
out('special to non-special ignored ' + u.protocol);
u.search = '';
u.hash = '';
out(u.href);
u.port = 'abc';
u.port = '99999';
out('bad ports ignored ' + u.port);
u.port = '';
u.pathname = 'no-slash';
out(u.href);
u.href = 'http://replaced.com/all?z=9';
out(u.href + ' ' + u.searchParams.get('z'));
try { u.href = 'nope'; } catch (e) { out('bad href ' + e.name); }
u.hostname = '';
out('empty hostname ignored ' + u.hostname);
out('String ' + String(u) + ' JSON ' + JSON.stringify({ u: u }) + ' toJSON ' + u.toJSON());
out('canParse ' + URL.canParse('http://x') + ' ' + URL.canParse('x') + ' ' + URL.canParse('x', 'http://b/'));
out('tag ' + Object.prototype.toString.call(u) + ' keys ' + Object.keys(u).length);
try { URL('http://x'); } catch (e) { out('URL() ' + e.name); }

out('-- searchParams are live');
var v = new URL('https://example.com/s?q=a+b&n=1');
var sp = v.searchParams;
out(sp.get('q') + ' ' + (v.searchParams === sp));
sp.append('added', 'x y');
out(v.href);
sp['delete']('q');
out(v.search);
v.search = '?fresh=1&fresh=2';
out(sp.getAll('fresh').join() + ' ' + sp.size);
sp['delete']('fresh');
out(JSON.stringify(v.href) + ' search=' + JSON.stringify(v.search));
v.href = 'http://h/?r=1';
out(sp.get('r'));
