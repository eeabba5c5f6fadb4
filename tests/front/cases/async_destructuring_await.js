async function getPair() { return [1, {x: 2}]; }
async function main() {
  const [one, {x}] = await getPair();
  let {y = 'dy'} = await {y: undefined};
  console.log(one, x, y);
}
main();
