class A { async v() { return 'A'; } }
class B extends A { async v() { return (await super.v()) + 'B'; } }
new B().v().then(x => console.log(x));
