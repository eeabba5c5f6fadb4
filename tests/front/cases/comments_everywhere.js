/* block */ const a /* inline */ = 1; // line
const b = /* nested? */ 2 /* no */;
/**
 * doc
 */
function f(/* p */ x /* q */) /* r */ { return x; }
console.log(a + b, f(3)); // end
