const fns = [];
for (const [i, s] of [[1, 'a'], [2, 'b']]) {
  fns.push(() => s.repeat(i));
}
console.log(fns.map(f => f()).join(' '));
