try {
  const {a} = null;
  console.log('no error', a);
} catch (e) {
  console.log(e instanceof TypeError);
}
try {
  const [b] = undefined;
  console.log('no error', b);
} catch (e) {
  console.log(e instanceof TypeError);
}
