class Point {
  constructor(x, y) {
    this.x = x;
    this.y = y;
  }
  toString() { return `(${this.x}, ${this.y})`; }
  static origin() { return new Point(0, 0); }
}
const p = new Point(1, 2);
console.log(String(p), String(Point.origin()), p instanceof Point, typeof Point);
console.log(JSON.stringify(p), Object.keys(p).join());
