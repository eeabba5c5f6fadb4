import { group } from 'k6';
async function fetchIt(n) { return n * 2; }
export default async function () {
  const v = await group('g', async () => await fetchIt(21));
  console.log(v);
}
