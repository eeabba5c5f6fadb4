const big = 123n;
