const it = {
  [Symbol.iterator]() {
    let i = 0;
    return {next: () => (i < 3 ? {value: i++, done: false} : {value: undefined, done: true})};
  }
};
console.log(JSON.stringify([...it]));
console.log(Math.max(...it));
