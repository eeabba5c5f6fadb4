console.log('a\tb', "q\"uote", 'single\'s', 'nul:\0:'.length);
console.log('\x41\u0042\u{43}', '\u{1F600}'.length, '\\');
console.log('line\
continued');
console.log('\u2028'.length, '\v\f\b'.length);
console.log("tab\there".split('\t').length);
