async function n(x) { return x; }
async function main() {
  console.log(`${await n(1)}-${await n(2)}`, Math.max(await n(3), await n(4)));
  const o = {a: await n('A'), [await n('k')]: 'v'};
  console.log(JSON.stringify(o));
}
main();
