let a = 5;
console.log(- -a, + +a, - +a, + -a, -(--a), +(++a));
console.log(typeof typeof a, void void 0, !!!a);
