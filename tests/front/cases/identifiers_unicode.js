const café = 'coffee';
const \u0061bc = 'escaped';
const $ = 'dollar', _ = 'under';
console.log(café, abc, $, _);
const π = 3.14;
console.log(π * 2);
