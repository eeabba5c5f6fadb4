try { null.x; } catch (e) { console.log(e instanceof TypeError); }
try { undefinedFn(); } catch (e) { console.log(e instanceof ReferenceError); }
try { throw new RangeError('r'); } catch (e) { console.log(e.name, e.message); }
try { JSON.parse('{'); } catch (e) { console.log(e instanceof SyntaxError); }
