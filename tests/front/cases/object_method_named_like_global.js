const print = (x) => 'print:' + x;
const o = {
  print(x) { return 'method(' + print(x) + ')'; },
  String() { return String(42); }
};
console.log(o.print(1), o.String());
