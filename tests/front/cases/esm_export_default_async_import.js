import run, { load, default2 } from './export_async_fns.mjs';
console.log(await run(), await load(), default2);
