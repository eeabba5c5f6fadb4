class W {
  constructor() { this.n = 2; }
  run = async () => { const x = await this.n; return x * 21; };
}
new W().run().then(v => console.log(v));
