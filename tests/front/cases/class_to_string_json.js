class P {
  constructor() { this.a = 1; }
  toJSON() { return {custom: this.a}; }
  toString() { return 'P!'; }
}
console.log(JSON.stringify(new P()), `${new P()}`, String(new P()));
