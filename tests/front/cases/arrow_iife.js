const r = (() => {
  const x = 5;
  return x * 2;
})();
console.log(r);
(() => console.log('iife'))();
