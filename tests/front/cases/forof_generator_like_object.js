const obj = {
  data: ['x', 'y'],
  [Symbol.iterator]() {
    const d = this.data;
    let i = 0;
    return {next: () => ({done: i >= d.length, value: d[i++]}), [Symbol.iterator]() { return this; }};
  }
};
for (const v of obj) console.log(v);
console.log([...obj].join('+'));
