const fns = [];
let i = 0;
do {
  let j = i;
  fns.push(() => j);
  i++;
} while (i < 3);
console.log(fns.map(f => f()).join());
