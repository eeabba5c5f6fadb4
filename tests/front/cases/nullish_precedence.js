const a = null, b = 0, c = 'c';
console.log((a || b) ?? c, a ?? (b || c), (a ?? b) || c);
console.log(a ?? b ?? c, (a ?? null) ?? 'last');
const r = a?.x ?? 'fallback';
console.log(r);
