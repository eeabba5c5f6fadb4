console.log(this === module.exports, this === exports);
const f = () => this === exports;
console.log(f());
