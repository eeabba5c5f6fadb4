// TextEncoder / TextDecoder (UTF-8), round trips with non-ASCII text.
function out(x) { console.log(x); }
function bytes(u) { return Array.prototype.join.call(u, ' '); }
var enc = new TextEncoder(), dec = new TextDecoder();
out('encoding ' + enc.encoding + ' ' + dec.encoding + ' ' + dec.fatal + ' ' + dec.ignoreBOM);
var samples = ['', 'ascii', 'caf\u00e9', '\u65e5\u672c\u8a9e', 'emoji \ud83d\ude00\ud83d\udca9', 'mixed \u00fc\u00f1\u00ee\u00e7\u00f8d\u00eb \u0416 \u20ac'];
samples.forEach(function (s) {
	var u = enc.encode(s);
	out(JSON.stringify(s) + ' -> ' + u.length + ' bytes [' + bytes(u) + '] -> ' + (dec.decode(u) === s) + ' ' + (u instanceof Uint8Array));
});
out('lone surrogate ' + bytes(enc.encode('a\ud800b')) + ' ' + bytes(enc.encode('\udc00')));
out('encode() ' + enc.encode().length + ' encode(undefined) ' + enc.encode(undefined).length + ' encode(5) ' + bytes(enc.encode(5)));
var buf = enc.encode('h\u00e9llo').buffer;
out('decode an ArrayBuffer ' + dec.decode(buf) + ' a DataView ' + dec.decode(new DataView(buf)) + ' a subarray ' + dec.decode(new Uint8Array(buf).subarray(1, 3)));
out('decode() ' + JSON.stringify(dec.decode()) + ' decode Uint16Array ' + dec.decode(new Uint16Array([0x6968])));
function hexes(s) { return s.split('').map(function (c) { return c.charCodeAt(0).toString(16); }).join(' '); }
out('invalid bytes ' + hexes(dec.decode(new Uint8Array([0x61, 0xff, 0x62, 0xc3, 0x28, 0xe2, 0x82]))));
out('overlong ' + hexes(dec.decode(new Uint8Array([0xc0, 0xaf, 0xed, 0xa0, 0x80]))));
out('BOM ' + hexes(dec.decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))) + ' kept ' + hexes(new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))));
try { new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array([0xff])); } catch (e) { out('fatal ' + e.name); }
var streaming = new TextDecoder(), parts = [], all = enc.encode('\u20ac\ud83d\ude00');
for (var i = 0; i < all.length; i++) parts.push(streaming.decode(all.subarray(i, i + 1), { stream: true }));
parts.push(streaming.decode());
out('streaming ' + (parts.join('') === '\u20ac\ud83d\ude00') + ' ' + parts.map(function (p) { return p.length; }).join(','));
out('label ' + new TextDecoder('UTF8').encoding + ' ' + new TextDecoder(' utf-8 ').encoding);
