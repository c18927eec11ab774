import { Script } from 'node:vm';

/**
 * Under jest, a package loaded by `loadEsm` lives in Node's main realm while the test's code runs in
 * jest's sandbox realm, whose `Object` is another function. oidc-provider recognises plain objects
 * by `value.constructor === Object`, so a configuration (or a findAccount result) written in a test
 * would be refused as "not a plain object".
 *
 * `toMainRealm` copies plain objects and arrays of another realm into the main realm, and wraps
 * functions of another realm so that what they return (or resolve to) is copied likewise. Class
 * instances, Buffers, keys and anything already of the main realm pass through untouched, so outside
 * jest (one realm) it returns its argument as is.
 */
export const toMainRealm: <T>(value: T) => T = new Script(
  `(() => {
    const objectPrototype = Object.prototype;
    const arrayPrototype = Array.prototype;
    const functionPrototype = Function.prototype;
    const isForeignPlainObject = (value) => {
      const prototype = Object.getPrototypeOf(value);
      return prototype !== null && prototype !== objectPrototype && Object.getPrototypeOf(prototype) === null
        && typeof prototype.constructor === 'function' && prototype.constructor.name === 'Object';
    };
    const isForeignFunction = (value) => {
      let prototype = Object.getPrototypeOf(value);
      while (prototype !== null) {
        if (prototype === functionPrototype) return false;
        prototype = Object.getPrototypeOf(prototype);
      }
      return true;
    };
    const copy = (value) => {
      if (typeof value === 'function') return isForeignFunction(value) ? wrap(value) : value;
      if (value === null || typeof value !== 'object') return value;
      if (Array.isArray(value) && Object.getPrototypeOf(value) !== arrayPrototype) return Array.from(value, copy);
      if (isForeignPlainObject(value)) {
        const copied = {};
        for (const key of Object.keys(value)) copied[key] = copy(value[key]);
        return copied;
      }
      return value;
    };
    const wrap = (fn) => {
      const wrapped = function (...args) {
        const result = fn.apply(this, args);
        return result !== null && typeof result === 'object' && typeof result.then === 'function'
          ? Promise.resolve(result).then(copy)
          : copy(result);
      };
      Object.defineProperty(wrapped, 'name', { value: fn.name });
      Object.defineProperty(wrapped, 'length', { value: fn.length });
      return wrapped;
    };
    return copy;
  })()`,
  { filename: __filename },
).runInThisContext() as <T>(value: T) => T;
