const n = 1;
let let = 2;
var static = 3;
import "./x.js";
