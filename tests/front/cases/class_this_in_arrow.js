class Timer {
  constructor() {
    this.ticks = 0;
    this.tick = () => { this.ticks++; return this; };
  }
  run(n) { for (let i = 0; i < n; i++) [0].forEach(() => this.tick()); return this.ticks; }
}
console.log(new Timer().run(3));
