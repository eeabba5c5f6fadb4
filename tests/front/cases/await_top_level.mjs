const v = await Promise.resolve(41);
console.log(v + 1);
async function f() { return 'f'; }
console.log(await f());
