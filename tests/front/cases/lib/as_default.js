const value = 'via as default';
const other = 'other';
export { value as default, other };
