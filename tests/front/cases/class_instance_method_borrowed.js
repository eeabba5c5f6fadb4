class Cnt {
  n = 0;
  inc = () => ++this.n;
}
const c = new Cnt();
const { inc } = c;
inc(); inc();
console.log(c.n);
