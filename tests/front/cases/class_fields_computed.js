const k = 'dyn';
let i = 0;
class C {
  [k] = 1;
  [`${k}${++i}`] = 2;
  static [k + 'S'] = 3;
}
console.log(JSON.stringify(new C()), JSON.stringify(new C()), C.dynS, i);
