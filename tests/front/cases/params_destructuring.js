function area({w, h = 1}) { return w * h; }
function sum([a, b = 10]) { return a + b; }
console.log(area({w: 3}), area({w: 3, h: 4}), sum([1]), sum([1, 2]));
const pick = ({name}, [first]) => name + first;
console.log(pick({name: 'n'}, ['f']));
