const data = {list: [1, 'two', {three: 3}], nested: {ok: true, nil: null}};
const text = JSON.stringify(data);
const back = JSON.parse(text);
console.log(text === JSON.stringify(back), back.list[2].three);
console.log(JSON.stringify({a: [1, 2]}, null, 2));
