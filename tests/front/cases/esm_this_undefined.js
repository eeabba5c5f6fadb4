export const t = typeof this;
console.log(t);
const arrow = () => this;
console.log(arrow());
