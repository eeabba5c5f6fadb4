function Base(v) { this.v = v; }
Base.prototype.get = function () { return this.v; };
Base.staticThing = 'st';
class Sub extends Base {
  constructor(v) { super(v * 2); }
  get() { return 'sub:' + super.get(); }
}
const s = new Sub(4);
console.log(s.get(), s instanceof Base, Sub.staticThing);
