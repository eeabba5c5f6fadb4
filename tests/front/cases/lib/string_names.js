const v = 'value';
export { v as 'string name', v };
