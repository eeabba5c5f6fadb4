try {
  for (const x of {a: 1}) console.log(x);
} catch (e) {
  console.log(e instanceof TypeError);
}
try {
  for (const x of 5) console.log(x);
} catch (e) {
  console.log(e instanceof TypeError);
}
