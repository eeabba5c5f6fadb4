function outer() {
  {
    const r = inner();
    function inner() { return 'inner ok'; }
    return r;
  }
}
console.log(outer());
