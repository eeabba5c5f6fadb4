const grade = s => s >= 90 ? 'A' : s >= 80 ? 'B' : s >= 70 ? 'C' : 'F';
console.log([95, 85, 75, 10].map(grade).join(''));
const pick = (c) => c ? (x) => x * 2 : (x) => x / 2;
console.log(pick(true)(4), pick(false)(4));
