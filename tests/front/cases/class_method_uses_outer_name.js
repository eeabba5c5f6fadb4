function fetch(x) { return 'global fetch ' + x; }
class Client {
  fetch(x) { return 'client:' + fetch(x); }
}
console.log(new Client().fetch(1));
