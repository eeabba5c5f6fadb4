function Counter() {
  this.count = 0;
  [1, 2, 3].forEach(n => { this.count += n; });
}
console.log(new Counter().count);
