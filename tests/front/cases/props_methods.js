const o = {
  v: 2,
  double() { return this.v * 2; },
  'quoted-name'() { return 'q'; },
  42() { return 'num'; },
  [`comp${1}`]() { return 'computed'; }
};
console.log(o.double(), o['quoted-name'](), o[42](), o.comp1());
