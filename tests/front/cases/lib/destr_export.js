export const {a, b: [c, ...d]} = {a: 'A', b: [1, 2, 3]};
