const {0: first, ...others} = ['a', 'b', 'c'];
console.log(first, JSON.stringify(others));
const {length, ...chars} = 'hey';
console.log(length, JSON.stringify(chars));
