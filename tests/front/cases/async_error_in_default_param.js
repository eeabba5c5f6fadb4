async function f(x = (() => { throw new Error('param'); })()) { return x; }
f().catch(e => console.log('rejected', e.message));
