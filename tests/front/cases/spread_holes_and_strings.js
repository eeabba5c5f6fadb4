const a = [1, , 3];
console.log(JSON.stringify([...a]), [...'a😀b'].length);
console.log(Math.max(...'135'));
