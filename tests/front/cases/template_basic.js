const name = 'world', n = 3;
console.log(`hello ${name}!`);
console.log(`${n} + ${n} = ${n + n}`);
console.log(`no subst`);
console.log(`${''}`.length);
console.log(`a${1}${2}b`);
