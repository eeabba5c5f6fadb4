const obj = {
  prefix: '>',
  tag(strings, v) { return this.prefix + strings[0] + v; }
};
console.log(obj.tag`value: ${42}`);
