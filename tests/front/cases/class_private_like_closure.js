const Counter = (() => {
  let instances = 0;
  return class {
    constructor() { this.id = ++instances; }
    static count() { return instances; }
  };
})();
new Counter(); new Counter();
console.log(Counter.count(), new Counter().id);
