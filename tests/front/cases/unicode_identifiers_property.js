const obj = {ключ: 'value', 名前: 'name'};
const {ключ, 名前: n} = obj;
console.log(ключ, n, obj.名前);
