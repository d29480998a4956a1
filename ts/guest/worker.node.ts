// Entry of a guest's worker thread in Node.
import { workerMain } from './node.js';

await workerMain();
