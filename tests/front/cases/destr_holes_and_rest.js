const [, , third, ...tail] = [1, 2, 3, 4, 5];
console.log(third, tail.join());
const [...all] = [1, 2];
all.push(3);
console.log(all.length);
