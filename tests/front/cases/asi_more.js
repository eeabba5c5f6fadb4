const x = 1
const f = function () { return 'f' }
console.log(x, f())
let i = 0
do i++; while (i < 3) console.log(i)
const o = {a: 1}
const y = o
.a
console.log(y)
var z = 'q'
;(function () { console.log('iife', z) })()
