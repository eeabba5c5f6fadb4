const log = [];
async function step(n) { log.push('step' + n); return n; }
async function main() {
  const a = await step(1);
  const b = await step(2);
  log.push('sum' + (a + b));
}
main().then(() => console.log(log.join()));
