const d = new Date(Date.UTC(2020, 1, 29, 12, 0, 0));
console.log(d.toISOString(), d.getUTCDay());
console.log(Math.round(2.5), Math.round(-2.5), Math.max(), Math.min(1, '2'));
