const ok = /a/gim;
const r = /\p{L}+/u;
