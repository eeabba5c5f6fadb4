const o = {class: 1, default: 2, new: 3, function: 4, if: 5, in: 6};
console.log(o.class + o.default + o.new + o.function + o.if + o.in);
const {class: cls, default: def} = o;
console.log(cls, def);
