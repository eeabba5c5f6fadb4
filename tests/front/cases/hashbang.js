#!/usr/bin/env node
console.log('after hashbang');
