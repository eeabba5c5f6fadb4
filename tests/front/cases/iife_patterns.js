(function () { console.log('fn iife'); })();
(function () { console.log('fn iife 2'); }());
!function () { console.log('bang iife'); }();
void function () { console.log('void iife'); }();
(() => { console.log('arrow iife'); })();
(async () => { console.log('async iife'); })();
