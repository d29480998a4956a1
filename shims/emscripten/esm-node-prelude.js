// Emscripten 3.1.6 writes ES module output that still reaches for CommonJS
// globals (`require`, `__dirname`) when it runs under Node, where an ES
// module has neither. Define them before its code runs; browsers skip this.
var require, __dirname;
if (typeof process === 'object' && typeof process.versions?.node === 'string') {
  const { createRequire } = await import('node:module');
  const { fileURLToPath } = await import('node:url');
  require = createRequire(import.meta.url);
  __dirname = fileURLToPath(new URL('.', import.meta.url));
}
