async function main() {
  console.log(await 5, await null, await Promise.resolve('r'));
  try {
    await Promise.reject(new Error('rej'));
  } catch (e) {
    console.log(e.message);
  }
  const all = await Promise.all([1, Promise.resolve(2)]);
  console.log(all.join());
}
main();
