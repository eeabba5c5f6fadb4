console.log(0x1F, 0o17, 0b101, 1_000_000, 1e3, .5, 5., 0.1 + 0.2);
console.log(1e21, 123456789012345680000, 2 ** 53 + 2, -0 === 0, 1 / -0);
console.log(0xFF_FF, 1_0.0_1, 1e1_0);
console.log((255).toString(16), 3..toString(), 1.5.toFixed(2));
console.log(Number.MAX_SAFE_INTEGER, 1.7976931348623157e308, 5e-324);
