function tag(strings, ...vals) {
  return strings.join('|') + ' / ' + vals.join(',');
}
const x = 1, y = 'two';
console.log(tag`a${x}b${y}c`);
console.log(tag`plain`);
console.log(tag`${x}${y}`);
