const o = {
  v: 7,
  get() { return this.v; },
  inner: {v: 8, get() { return this.v; }}
};
console.log(o.get?.(), o.inner?.get(), o?.inner?.get?.(), o['get']?.());
