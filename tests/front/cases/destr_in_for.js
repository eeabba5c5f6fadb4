const pairs = [[1, 'one'], [2, 'two']];
for (const [n, word] of pairs) console.log(n, word);
for (const {id, v = 0} of [{id: 'a'}, {id: 'b', v: 2}]) console.log(id, v);
const m = {};
for ([m.k, m.v] of [['x', 1]]) console.log(m.k, m.v);
