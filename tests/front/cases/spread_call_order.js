const log = [];
const f = (...a) => a.join();
const g = (x) => { log.push(x); return [x]; };
console.log(f(g(1)[0], ...g(2), g(3)[0], ...g(4)));
console.log(log.join());
