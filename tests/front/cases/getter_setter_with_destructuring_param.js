const o = {
  _p: null,
  set point([x, y]) { this._p = x + ',' + y; },
  get point() { return this._p; }
};
o.point = [3, 4];
console.log(o.point);
