const r = /ab/gg;
