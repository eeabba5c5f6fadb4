let a = 1
let b = 2
const c = a
+ b
console.log(c)
const d = [1, 2]
;[3, 4].forEach(x => console.log(x))
let e = 5
e
++
b
console.log(e, b)
function r() {
  return
  42
}
console.log(r())
