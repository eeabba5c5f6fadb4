var name = 'global';
function g() { return name; }
function h() {
  {
    let name = 'block';
    console.log(name, g());
  }
  return typeof name;
}
console.log(h());
