// matrix-js-sdk 43 targets Node 22+ and calls Promise.withResolvers, which Node 20 lacks. The conformance
// tests drive the SDK from Node 20, so they install the standard behaviour here (never in the browser bundle).
if (typeof Promise.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
