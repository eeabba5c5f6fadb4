exports.greet = function (n) { return 'hello ' + n; };
exports.value = 42;
