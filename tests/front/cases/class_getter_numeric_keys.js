class N {
  get 1() { return 'one'; }
  static 2() { return 'two'; }
  'quoted key'() { return 'q'; }
}
console.log(new N()[1], N[2](), new N()['quoted key']());
