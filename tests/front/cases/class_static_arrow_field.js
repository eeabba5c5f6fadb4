class S {
  static base = 10;
  static get = () => this.base + 1;
  static sub = class { hi() { return 'nested class'; } };
}
console.log(S.get(), new S.sub().hi());
