// `--transform wasig/transform/no-preempt`: the wasig transform without the
// loop safe points (handlers then run only at the library's calls and
// checkpoint()).
import WasigTransform from './transform.js';

export default class WasigTransformNoPreempt extends WasigTransform {
  protected override preempt = false;
}
