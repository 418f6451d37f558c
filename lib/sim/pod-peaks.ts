import type { VersionState } from './version-state';

/**
 * Peak pod counts of the fleet and of each model. Per-tick sums are kept for a block at a time, and per
 * model only for models with several versions: a single version's peak is its model's.
 */
export class PodPeaks {
  /** Pods per tick of the current block, fleet-wide. */
  readonly podsAt: Float64Array;
  /** Pods per tick of the current block, `block` ticks per model slot. */
  readonly modelAt: Float64Array;
  /** Each model's slot in `modelAt`, or -1 for a model with a single version. */
  readonly slotOf: Int32Array;
  fleetPeak = 0;
  private readonly multi: boolean[];
  private readonly slots: number;
  private readonly modelPeak: Float64Array;

  constructor(
    private readonly block: number,
    private readonly modelOf: readonly number[],
    modelCount: number,
  ) {
    this.podsAt = new Float64Array(block);
    const versionsOf = new Int32Array(modelCount);
    for (const m of modelOf) versionsOf[m]++;
    this.multi = Array.from(versionsOf, (c) => c > 1);
    this.slotOf = new Int32Array(modelCount).fill(-1);
    let slots = 0;
    for (let m = 0; m < modelCount; m++) if (this.multi[m]) this.slotOf[m] = slots++;
    this.slots = slots;
    this.modelAt = new Float64Array(block * Math.max(1, slots));
    this.modelPeak = new Float64Array(modelCount);
  }

  startBlock(): void {
    this.podsAt.fill(0);
    if (this.slots > 0) this.modelAt.fill(0);
  }

  /** Takes the peaks of the first `len` ticks of the block. */
  endBlock(len: number): void {
    const { block, modelAt, modelPeak, podsAt } = this;
    for (let m = 0; m < this.slotOf.length; m++) {
      const slot = this.slotOf[m];
      if (slot < 0) continue;
      for (let k = 0; k < len; k++) {
        if (modelAt[slot * block + k] > modelPeak[m]) modelPeak[m] = modelAt[slot * block + k];
      }
    }
    for (let k = 0; k < len; k++) if (podsAt[k] > this.fleetPeak) this.fleetPeak = podsAt[k];
  }

  /** Per model: the most pods (running or starting, all versions) at any tick. */
  modelPeakPods(states: readonly VersionState[]): number[] {
    return Array.from(this.modelPeak, (p, m) =>
      this.multi[m]
        ? p
        : Math.max(0, ...states.filter((_, i) => this.modelOf[i] === m).map((s) => s.peakPods)),
    );
  }
}
