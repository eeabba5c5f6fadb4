import run from './k6_group_async.js';
await run();
