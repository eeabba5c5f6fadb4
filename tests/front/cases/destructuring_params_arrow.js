const users = [{name: 'a', age: 1}, {name: 'b', age: 2}];
console.log(users.map(({name, age}) => `${name}${age}`).join());
console.log(users.filter(({age}) => age > 1).map(({name}) => name).join());
const swap = ([a, b]) => [b, a];
console.log(swap([1, 2]).join());
