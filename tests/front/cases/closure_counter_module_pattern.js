const counter = (() => {
  let count = 0;
  return {
    inc: () => ++count,
    dec: () => --count,
    get value() { return count; },
  };
})();
counter.inc(); counter.inc(); counter.dec();
console.log(counter.value);
