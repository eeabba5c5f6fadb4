const a = 1, b = () => 'b';
module.exports = { a, b, c: `c${a}` };
console.log(JSON.stringify(module.exports), module.exports.b());
