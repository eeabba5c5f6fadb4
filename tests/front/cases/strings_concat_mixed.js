console.log('a' + 1 + 2, 1 + 2 + 'a', `${1 + 2}a`, 'x' + null + undefined, [] + {}, [1] + [2]);
