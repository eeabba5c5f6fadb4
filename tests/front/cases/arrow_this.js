const o = {
  name: 'o',
  later() {
    return [1, 2].map(() => this.name);
  },
  nested() {
    return (() => (() => this.name + '!')())();
  }
};
console.log(o.later().join(), o.nested());
