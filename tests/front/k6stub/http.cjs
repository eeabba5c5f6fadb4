// The k6/http stub Node uses in the differential tests.
exports.url = function (strings) {
  var url = strings[0], name = strings[0];
  for (var i = 1; i < strings.length; i++) {
    url += String(arguments[i]) + strings[i];
    name += '${}' + strings[i];
  }
  return { url: url, name: name };
};
exports.get = function (u) { return { status: 200, url: String(u) }; };
