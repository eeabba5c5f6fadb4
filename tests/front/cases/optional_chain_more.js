const o = {a: {b() { return {c: 'C'}; }}, arr: [[1, 2]], s: 'str'};
console.log(o.a?.b().c, o.x?.b().c, o.arr?.[0]?.[1], o.s?.length, o?.['a']?.b?.()?.c);
const fn = null;
console.log(fn?.(1), typeof o.a.b?.call);
const deep = {l1: {l2: {l3: null}}};
console.log(deep?.l1?.l2?.l3?.l4, deep.l1.l2?.l3);
