console.log(typeof notDeclaredAnywhere, typeof undefined, typeof null, typeof (() => 1), typeof class {});
