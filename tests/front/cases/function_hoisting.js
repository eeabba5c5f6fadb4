console.log(hoisted());
function hoisted() { return 'hoisted'; }
console.log(typeof later, later);
var later = 1;
{
  function inBlock() { return 'block fn'; }
  console.log(inBlock());
}
