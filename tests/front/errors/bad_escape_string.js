const s = "\x4";
