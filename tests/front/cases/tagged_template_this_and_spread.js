function tag(strings, ...values) { return strings.length + ':' + values.length; }
console.log(tag``, tag`${1}`, tag`a${1}b${2}c${3}`);
