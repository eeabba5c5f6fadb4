class A { static get id() { return 'A' + this.suffix; } static suffix = '1'; }
class B extends A { static suffix = '2'; }
console.log(A.id, B.id);
