const s = '  Hello World  ';
console.log(s.trim(), s.toLowerCase().trim(), s.indexOf('World'), s.trim().split(' ').reverse().join(' '));
console.log('abc'.charAt(1), 'abc'.substring(1), 'a-b-c'.replace(/-/g, '+'));
