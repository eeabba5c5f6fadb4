async function a() { return 1; }
async function b() { return (await a()) + 1; }
async function c() { return (await b()) + (await a()); }
c().then(v => console.log(v));
