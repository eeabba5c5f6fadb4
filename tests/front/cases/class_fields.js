class Counter {
  count = 0;
  step = 2;
  label;
  static instances = 0;
  static tag = 'C' + 1;
  constructor() { Counter.instances++; }
  inc() { this.count += this.step; return this; }
}
const c = new Counter().inc().inc();
new Counter();
console.log(c.count, c.label, Counter.instances, Counter.tag, JSON.stringify(c));
