(function () { console.log('a'); }).call(null);
({ m() { return 'b'; } }).m() === 'b' && console.log('b');
(class { static s() { console.log('c'); } }).s();
(() => console.log('d'))();
(async function () { console.log('e'); })();
let q = 0;
({q} = {q: 'f'});
console.log(q);
