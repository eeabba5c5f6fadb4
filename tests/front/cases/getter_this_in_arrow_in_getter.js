const o = {
  items: [1, 2, 3],
  get doubled() { return this.items.map(x => x * this.items.length); }
};
console.log(o.doubled.join());
