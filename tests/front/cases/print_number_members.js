console.log(1..toFixed(1), (1).toString(), 1.5.toFixed(0), 0x10.toString(2), 1e3.toString());
console.log(2 .toString());
