class A { who() { return 'outer'; } }
{
  class A { who() { return 'inner'; } }
  console.log(new A().who());
}
console.log(new A().who());
