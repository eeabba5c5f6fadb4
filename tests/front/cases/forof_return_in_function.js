function find(arr, pred) {
  for (const [i, x] of arr.map((x, i) => [i, x])) {
    if (pred(x)) return i;
  }
  return -1;
}
console.log(find([5, 6, 7], x => x === 6), find([1], x => x > 5));
