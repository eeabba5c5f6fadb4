let n = 0;
if (true) for (const x of [1, 2]) n += x;
console.log(n);
lbl: for (const x of [1, 2, 3]) { if (x === 2) break lbl; n += 100; }
console.log(n);
