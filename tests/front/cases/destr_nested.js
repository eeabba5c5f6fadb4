const data = {user: {name: 'ann', tags: ['a', 'b', 'c']}, n: [1, [2, [3]]]};
const {user: {name, tags: [first, ...others]}, n: [one, [two, [three]]]} = data;
console.log(name, first, others.join('+'), one, two, three);
