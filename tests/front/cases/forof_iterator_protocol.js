function range(n) {
  return {
    [Symbol.iterator]() {
      let i = 0;
      return {
        next() { return i < n ? {value: i++, done: false} : {value: undefined, done: true}; },
        return() { console.log('closed at', i); return {done: true}; }
      };
    }
  };
}
for (const x of range(3)) console.log('x', x);
for (const x of range(10)) { if (x === 2) break; }
function first() { for (const x of range(5)) { if (x === 1) return x; } }
console.log(first());
try {
  for (const x of range(5)) { if (x === 3) throw new Error('stop'); }
} catch (e) { console.log(e.message); }
