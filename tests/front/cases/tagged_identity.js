const seen = [];
function t(s) { seen.push(s); return s; }
for (let i = 0; i < 2; i++) t`same ${i}`;
t`other`;
console.log(seen[0] === seen[1], seen[0] === seen[2], Object.isFrozen(seen[0]), Array.isArray(seen[0].raw));
