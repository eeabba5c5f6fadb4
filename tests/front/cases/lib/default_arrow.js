export default (x) => x * 3;
