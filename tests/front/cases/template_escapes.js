console.log(`tab\there`);
console.log(`backtick \` and dollar \${not}`);
console.log(`unicode \u0041 \u{1F600}`.length);
console.log(`\x41\n`.length);
