const rows = [{id: 1, tags: ['a', 'b']}, {id: 2, tags: []}];
for (const {id, tags: [first = '-', ...more]} of rows) console.log(id, first, more.length);
