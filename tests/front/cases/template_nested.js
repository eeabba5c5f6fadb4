const items = ['a', 'b'];
console.log(`list: ${items.map(i => `<${i}>`).join(`${','}`)}`);
console.log(`outer ${`inner ${`deep ${1 + 1}`}`}`);
