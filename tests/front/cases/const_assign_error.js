const c = 1;
try {
  c = 2;
} catch (e) {
  console.log(e instanceof TypeError);
}
try {
  c++;
} catch (e) {
  console.log(e instanceof TypeError);
}
try {
  c += 5;
} catch (e) {
  console.log(e instanceof TypeError);
}
console.log(c);
