export async function load() { return 'loaded'; }
export default async function () { return 'default async'; }
const x = 5;
export { x as default2 };
console.log(await load());
