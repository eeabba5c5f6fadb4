const {'my-key': mk, 0: zero, 1.5: onehalf} = {'my-key': 'M', 0: 'Z', 1.5: 'H'};
console.log(mk, zero, onehalf);
