class Api {
  constructor() { this.base = 'b'; }
  async fetch(x) { return this.base + x; }
  static async ping() { return 'pong'; }
}
(async () => {
  console.log(await new Api().fetch(1), await Api.ping());
})();
