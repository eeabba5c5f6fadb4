try {
  throw {code: 42, detail: {msg: 'bad'}};
} catch ({code, detail: {msg}}) {
  console.log(code, msg);
}
try {
  throw new Error('m');
} catch ({message}) {
  console.log(message);
}
