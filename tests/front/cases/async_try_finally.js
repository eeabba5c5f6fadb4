async function f() {
  try {
    return await Promise.resolve('value');
  } finally {
    console.log('finally ran');
  }
}
f().then(v => console.log(v));
