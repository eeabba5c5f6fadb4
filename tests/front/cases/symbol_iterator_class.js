class Range {
  constructor(n) { this.n = n; }
  [Symbol.iterator]() {
    let i = 0;
    const n = this.n;
    return {next() { return i < n ? {value: i++, done: false} : {value: undefined, done: true}; }};
  }
}
console.log(JSON.stringify([...new Range(3)]));
for (const x of new Range(2)) console.log('x', x);
const [a, b, ...rest] = new Range(5);
console.log(a, b, rest.join());
