function f() {
  const log = [];
  try {
    log.push('try');
    return log;
  } finally {
    log.push('finally');
  }
}
console.log(f().join());
function g() {
  try { throw 1; } catch { return 'caught'; } finally { console.log('fin'); }
}
console.log(g());
