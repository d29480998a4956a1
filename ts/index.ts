// The typed contract shared by both builds (package.json "types").
export * from './index.node.js';
