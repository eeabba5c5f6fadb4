let sum = 0;
for (let i = 0; i < 5; i++) {
  const sq = i * i;
  sum += sq;
}
console.log(sum);
