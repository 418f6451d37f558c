/** Milliseconds one call takes. */
export function time(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** The median of `runs` measurements, which resists one slow run on a shared machine. */
export function median(runs: number, measure: () => number): number {
  const xs = Array.from({ length: runs }, measure).sort((a, b) => a - b);
  return xs[Math.floor(xs.length / 2)];
}
