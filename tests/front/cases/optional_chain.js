const o = {a: {b: {c: 1}}, arr: [10, 20], f() { return this.a.b.c; }, n: null};
console.log(o?.a?.b?.c, o.x?.y.z, o.n?.foo, o.arr?.[1], o.missing?.[0]);
console.log(o.f?.(), o.g?.(), o?.f(), o.n?.f());
let u;
console.log(u?.a, u?.[0], u?.(), (u?.a)?.b);
