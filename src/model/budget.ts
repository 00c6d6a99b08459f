// The cost bound of a crate's analysis. Searches that follow values across the crate (callers,
// helpers, origins) spend from one budget per crate; once it is used up they stop with what they
// found so far and the engine names the crate in a notification. A crate's analysis then costs at
// most a fixed multiple of its size, never minutes or gigabytes, whatever the code looks like.

/** Steps a crate may spend per byte of its source text (typical crates use well under 1). */
const STEPS_PER_BYTE = 4;
/** Small crates get a floor so that a short file with deep helper chains is still followed. */
const MIN_STEPS = 200_000;

export class WorkBudget {
  private spentSteps = 0;

  constructor(readonly limit: number) {}

  /**
   * A budget proportional to the crate's source size. `AXUM_TLS_LINT_WORK_BUDGET` (steps per
   * crate) replaces it: a knob for the cost tests and for diagnosing a slow crate, not a setting.
   */
  static forSourceBytes(bytes: number): WorkBudget {
    const fixed = Number(process.env.AXUM_TLS_LINT_WORK_BUDGET);
    if (Number.isInteger(fixed) && fixed > 0) return new WorkBudget(fixed);
    return new WorkBudget(Math.max(MIN_STEPS, STEPS_PER_BYTE * bytes));
  }

  /** Spends `steps`; false once the budget is used up (the caller stops searching). */
  spend(steps = 1): boolean {
    this.spentSteps += steps;
    return this.spentSteps <= this.limit;
  }

  get spent(): number {
    return this.spentSteps;
  }

  get exhausted(): boolean {
    return this.spentSteps > this.limit;
  }
}
