export let state = 'initial';
export function setState(s) { state = s; }
export var count = 0;
export function bump() { count += 1; }
