function ok() {}
function* gen() { yield 1; }
