// Symbol.dispose and Symbol.asyncDispose for hosts that lack them (browsers
// before Chrome 134, Firefox 135, Safari 18.4; Node has them since 20): the
// runtime's, guests' and signalfds' dispose methods are keyed by these, so
// they must exist before those classes are defined. TypeScript's own
// downlevel `using` looks them up the same way.
const S = Symbol as unknown as { dispose?: symbol; asyncDispose?: symbol };
S.dispose ??= Symbol.for('Symbol.dispose');
S.asyncDispose ??= Symbol.for('Symbol.asyncDispose');
export {};
