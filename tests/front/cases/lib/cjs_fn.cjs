module.exports = function () { return 'fn called'; };
module.exports.extra = 'extra';
