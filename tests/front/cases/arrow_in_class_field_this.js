class Btn {
  label = 'ok';
  click = () => this.label;
}
const b = new Btn();
const c = b.click;
console.log(c());
