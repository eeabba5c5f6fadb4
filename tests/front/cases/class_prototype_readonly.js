class A {}
const before = A.prototype;
try { A.prototype = {}; } catch (e) { console.log('threw'); }
console.log(A.prototype === before);
