// `make demo`: the runtime demo (Python's signal API on real OS signals).
import './runtime-demo.mjs';
