async function double(x) { return x * 2; }
async function main() {
  const out = [];
  for (const x of [1, 2, 3]) out.push(await double(x));
  for (let i = 0; i < 2; i++) out.push(await double(i));
  console.log(out.join());
}
main();
