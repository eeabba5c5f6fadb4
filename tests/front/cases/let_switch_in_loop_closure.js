const fns = [];
for (let i = 0; i < 3; i++) {
  switch (i % 2) {
    case 0:
      let tag = 'even' + i;
      fns.push(() => tag);
      break;
    default:
      fns.push(() => 'odd' + i);
  }
}
console.log(fns.map(f => f()).join());
