const env = 'prod';
const cfg = {[`${env}_url`]: `https://${env}.example.com`, [`${env}`.toUpperCase()]: true};
console.log(JSON.stringify(cfg));
