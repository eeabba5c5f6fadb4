console.log(null == undefined, null === undefined, NaN == NaN, 0 == '', '0' == false, [] == false);
console.log(typeof NaN, Object.is ? 'is' : 'is', 1 / 0 > 0);
