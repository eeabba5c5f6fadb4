console.log(010, 08, 0.5e1, 00);
