let e = 'outer';
try {
  throw new Error('boom');
} catch (e) {
  let msg = e.message;
  console.log(msg);
}
console.log(e);
