async function f() { return 'f'; }
f().then(v => v + 'g').then(v => console.log(v));
