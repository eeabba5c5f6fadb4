const f = async (x) => x + 1;
const g = async x => { const y = await f(x); return y * 10; };
const obj = {v: 5, m() { return (async () => this.v)(); }};
(async () => {
  console.log(await g(1));
  console.log('this', await obj.m());
})();
