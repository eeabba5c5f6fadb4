class Animal {
  constructor(name) { this.name = name; }
  speak() { return `${this.name} makes a sound`; }
  get kind() { return 'animal'; }
  static create(n) { return new this(n); }
}
class Dog extends Animal {
  constructor(name, breed) {
    super(name);
    this.breed = breed;
  }
  speak() { return super.speak() + ' (woof)'; }
  get kind() { return 'dog/' + super.kind; }
}
const d = new Dog('rex', 'lab');
console.log(d.speak(), d.kind, d instanceof Dog, d instanceof Animal);
console.log(Dog.create('fido').speak(), Dog.create('x') instanceof Dog);
console.log(Object.getPrototypeOf(Dog) === Animal, JSON.stringify(d));
