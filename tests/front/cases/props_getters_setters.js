const o = {
  _v: 1,
  get v() { return this._v * 10; },
  set v(x) { this._v = x; },
  get ['dyn' + 1]() { return 'dyn'; }
};
o.v = 5;
console.log(o.v, o._v, o.dyn1);
console.log(JSON.stringify(Object.getOwnPropertyDescriptor(o, 'dyn1').enumerable));
