const tag = (s, ...v) => s.raw.join('_') + v.join('.');
console.log(tag`a${`b${1}`}c${tag`d${2}`}`);
