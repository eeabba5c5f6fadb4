globalThis.sideEffectRan = (globalThis.sideEffectRan || 0) + 1;
