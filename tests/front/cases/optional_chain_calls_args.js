const fns = {add: (...xs) => xs.reduce((a, b) => a + b, 0)};
const args = [1, 2, 3];
console.log(fns.add?.(...args), fns.sub?.(...args));
const get = () => fns;
console.log(get()?.add(4, 5), get()?.nope?.(1));
