const x = 1;
with (Math) { max(1, 2); }
export { x };
