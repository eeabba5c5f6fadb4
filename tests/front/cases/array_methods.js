const a = [3, 1, 2];
console.log(a.slice().sort().join(), a.map(x => x * 2).filter(x => x > 2).reduce((s, x) => s + x, 0));
console.log(a.indexOf(2), a.some(x => x > 2), a.every(x => x > 0), JSON.stringify(a.concat([4], 5)));
console.log([[1, 2], [3]].map(([x, y = 0]) => x + y).join());
