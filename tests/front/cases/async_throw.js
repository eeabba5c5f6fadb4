async function bad() { throw new Error('fail'); }
async function main() {
  try {
    await bad();
  } catch (e) {
    console.log('caught', e.message);
  }
  const p = bad();
  console.log(p instanceof Promise);
  p.catch(e => console.log('later', e.message));
}
main();
