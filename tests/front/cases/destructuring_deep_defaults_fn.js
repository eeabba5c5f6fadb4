const f = ({a: {b: {c = 'deep'} = {}} = {}} = {}) => c;
console.log(f(), f({a: {b: {c: 'given'}}}), f({a: {}}));
