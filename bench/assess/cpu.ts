/**
 * CPU time of this process's main thread in ms (Linux: /proc/self/task/<pid>/schedstat, field 1 =
 * ns on CPU), which other jobs on the machine barely change, unlike wall time; NaN elsewhere.
 * Node 20 has no process.threadCpuUsage, and process.cpuUsage also counts V8's GC and compiler
 * threads.
 */

import { readFileSync } from 'node:fs';

const path = `/proc/self/task/${process.pid}/schedstat`;

export function mainThreadMs(): number {
  try {
    return Number(readFileSync(path, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return NaN;
  }
}
