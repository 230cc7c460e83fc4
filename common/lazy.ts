/**
 * A schema built when it is first used, not when its module loads. The contract declares some
 * 2,300 zod schemas and building every one of them took a large part of each start (bench
 * `web-host-cold-start`), while a start uses a few dozen; the renderer's first paint likewise.
 * The value stands for the schema itself (a Proxy that builds it on the first touch and then
 * forwards to it), with the schema's own type.
 *
 * Only for schemas worth deferring: one that other schemas hold as a member is reached through the
 * Proxy at every parse (a 20-line check's answer parsed ~45 % slower with every schema lazy), so the
 * one-line leaves (numbers, strings, enums, literals: `Kopecks`, `Unit`, `VatRate`…) are built at
 * once — cheap to build, and most of what a parse walks.
 */
export function lazy<T extends object>(build: () => T): T {
  let built: T | undefined;
  const real = (): T => (built ??= build());
  return new Proxy({} as T, {
    // The schema as the receiver: its members bind to it, never to the proxy.
    get: (_, key) => {
      const schema = real();
      return Reflect.get(schema, key, schema);
    },
    set: (_, key, value) => {
      const schema = real();
      return Reflect.set(schema, key, value, schema);
    },
    has: (_, key) => Reflect.has(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    // Reported configurable: a proxy may not call a property fixed that its (empty) target lacks.
    getOwnPropertyDescriptor: (_, key) => {
      const d = Reflect.getOwnPropertyDescriptor(real(), key);
      return d && { ...d, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
}
