const handler = { onData: async (x) => x * 2, sync: x => x + 1 };
handler.onData(4).then(v => console.log(v, handler.sync(1)));
