"use strict";
const n = 017;
