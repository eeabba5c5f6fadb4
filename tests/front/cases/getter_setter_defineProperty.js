const o = {};
Object.defineProperty(o, 'x', {get() { return 'gx'; }, enumerable: true});
console.log(o.x, JSON.stringify(o));
