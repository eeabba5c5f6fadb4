export const x = 1;
try {
  console.log(this.b);
} catch (e) {
  console.log(e instanceof TypeError);
}
console.log(this?.b, typeof this);
