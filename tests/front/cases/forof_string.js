const chars = [];
for (const c of 'héllo😀') chars.push(c);
console.log(chars.length, chars.join('|'));
