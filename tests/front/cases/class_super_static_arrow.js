class A { static n() { return 1; } }
class B extends A { static n() { const f = () => super.n() + 1; return f(); } }
console.log(B.n());
