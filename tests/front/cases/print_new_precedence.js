const ns = {K: class { constructor(v) { this.v = v ?? 'none'; } }, make() { return ns.K; }};
console.log(new ns.K(1).v, new (ns.make())(2).v, new ns.K().v);
function F() { this.x = 'fx'; }
console.log(new F().x, (new F).x);
console.log(new (class { get y() { return 'anon'; } })().y);
