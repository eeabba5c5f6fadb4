const items = ['a', 'b', 'c'];
const html = `<ul>${items.map((it, i) => `<li class="${i % 2 ? 'odd' : 'even'}">${it}</li>`).join('')}</ul>`;
console.log(html);
