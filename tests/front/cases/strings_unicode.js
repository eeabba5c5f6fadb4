const s = 'héllo wörld ✓ 😀';
console.log(s, s.length, s.toUpperCase());
console.log('日本語'.split('').join('-'));
const emoji = '😀';
console.log(emoji.length, emoji.charCodeAt(0), emoji.codePointAt ? 'cp' : 'cp');
