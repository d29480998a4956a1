// Which functions of a module can recurse: the nodes of a call graph that
// lie on a cycle. Both preemption passes (ts/cli/preempt.ts for C,
// ts/asc/transform.ts for AssemblyScript) put an entry check in those.

/** Which nodes lie on a cycle: in a strongly connected component of more
 *  than one node, or with an edge to themselves (Tarjan's algorithm, without
 *  recursion: a program's call chains are deeper than the JS stack). */
export function inCycle(edges: number[][]): boolean[] {
  const n = edges.length;
  const index = new Int32Array(n).fill(-1), low = new Int32Array(n);
  const onStack = new Uint8Array(n), out: boolean[] = new Array(n).fill(false);
  const comp: number[] = [];
  let next = 0;
  const work: [number, number][] = [];
  for (let root = 0; root < n; root++) {
    if (index[root] >= 0) continue;
    work.push([root, 0]);
    index[root] = low[root] = next++;
    comp.push(root);
    onStack[root] = 1;
    while (work.length) {
      const top = work[work.length - 1];
      const [v, i] = top;
      if (i < edges[v].length) {
        top[1]++;
        const w = edges[v][i];
        if (w === v) out[v] = true;
        if (index[w] < 0) {
          index[w] = low[w] = next++;
          comp.push(w);
          onStack[w] = 1;
          work.push([w, 0]);
        } else if (onStack[w]) {
          low[v] = Math.min(low[v], index[w]);
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const u = work[work.length - 1][0];
        low[u] = Math.min(low[u], low[v]);
      }
      if (low[v] === index[v]) {
        const members: number[] = [];
        let w: number;
        do {
          w = comp.pop()!;
          onStack[w] = 0;
          members.push(w);
        } while (w !== v);
        if (members.length > 1) for (const x of members) out[x] = true;
      }
    }
  }
  return out;
}
