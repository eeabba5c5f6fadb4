const Anon = class {
  hi() { return 'anon'; }
};
const Named = class Inner {
  who() { return Inner.name; }
};
console.log(new Anon().hi(), new Named().who());
const make = (base) => class extends base { extra() { return 'extra:' + this.hi(); } };
console.log(new (make(Anon))().extra());
