class A { greet(n) { return 'hi ' + n; } }
class B extends A { greet(n) { return super.greet(n).toUpperCase(); } }
class C extends B { greet(n) { return '[' + super.greet(n) + ']'; } }
console.log(new C().greet('x'));
