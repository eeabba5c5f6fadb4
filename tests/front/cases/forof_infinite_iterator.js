const naturals = {
  [Symbol.iterator]() {
    let n = 0;
    return {next: () => ({value: n++, done: false})};
  }
};
let sum = 0;
for (const n of naturals) {
  if (n > 100) break;
  sum += n;
}
console.log(sum);
