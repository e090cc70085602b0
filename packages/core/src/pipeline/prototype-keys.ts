/**
 * Property names that reach an object's prototype (`obj.__proto__.x = …` writes Object.prototype)
 * rather than the object itself. No dotted path a client gives may contain one.
 */
const prototypeKeys = new Set(['__proto__', 'constructor', 'prototype']);

/** The first segment of a dotted path that is a prototype key, if any. */
export function prototypeSegment(dotted: string): string | undefined {
  return dotted.split('.').find((segment) => prototypeKeys.has(segment));
}
