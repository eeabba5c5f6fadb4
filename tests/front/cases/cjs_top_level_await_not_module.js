const v = 1;
console.log(typeof v);
