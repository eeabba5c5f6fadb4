const Serializable = (Base) => class extends Base {
  serialize() { return JSON.stringify(this); }
};
const Named = (Base) => class extends Base {
  constructor(...args) { super(...args); this.name = 'named'; }
};
class Point { constructor(x, y) { this.x = x; this.y = y; } }
class NP extends Serializable(Named(Point)) {}
console.log(new NP(1, 2).serialize(), new NP(1, 2) instanceof Point);
