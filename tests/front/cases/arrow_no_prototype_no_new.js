const f = () => 1;
console.log(typeof f, f());
