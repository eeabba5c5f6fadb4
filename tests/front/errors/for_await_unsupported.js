async function f(it) {
  for await (const x of it) {}
}
