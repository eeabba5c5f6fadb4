const o = {
  async get() { return 5; },
  async fail() { throw new Error('nope'); }
};
(async () => {
  console.log(await o.get());
  try { await o.fail(); } catch (e) { console.log(e.message); }
})();
