function F(a) { this.a = a; }
F.prototype.get = function () { return this.a; };
console.log(new F(1).get(), (new F(2)).a, new F().a);
const ns = {F};
console.log(new ns.F(3).get());
class G { constructor() { this.v = 'g'; } }
const make = () => G;
console.log(new (make())().v);
