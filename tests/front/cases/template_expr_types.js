console.log(`${null} ${undefined} ${true} ${[1, 2]} ${{}.toString()}`);
console.log(`${1 + 2}${'3'}`);
const o = {toString() { return 'O'; }};
console.log(`${o}`);
