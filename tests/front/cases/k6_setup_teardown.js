export function setup() {
  return { users: ['u1', 'u2'], started: 1 };
}
export default function (data) {
  const { users: [first, ...others], started } = data;
  console.log(first, others.length, started);
}
export function teardown({ started }) {
  console.log('teardown', started);
}
const d = setup();
exports_default_call: {
  break exports_default_call;
}
