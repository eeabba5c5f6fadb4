const o = {k: 1};
let n = 0;
for (const e = 'k' in o; n < 1; n++) console.log(e);
for (let z = () => 'k' in o; n < 2; n++) console.log(z());
for (let [y = 'k' in o] = []; n < 3; n++) console.log(y);
