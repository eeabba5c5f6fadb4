const a = 1;
let b = 2;
try {
  [b, a] = [3, 4];
} catch (e) {
  console.log(e.constructor.name, b);
}
