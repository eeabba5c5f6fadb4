const s = "héllo wörld"; let = = 1;
