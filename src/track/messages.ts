/** Texts of the track stage (functions, so tests assert against them). Library texts name options, not flags. */

export const noDriftReference = (version: string): string =>
  `drift needs a model from SegmentLab 0.1.0 or later with training distributions (model.drift); this model was written by SegmentLab ${version}: rerun discover to measure drift`;

export const segmentCountMismatch = (where: string, got: number, k: number): string =>
  `${where}: expected ${k} entries (one per segment), got ${got}`;

export const lengthMismatch = (what: string, got: number, expected: number): string =>
  `${what} has ${got} entries, expected ${expected} (one per user)`;

export const badThreshold = (name: string, value: number): string =>
  `${name}=${value} should be a number in (0, 1]`;

export const splitAboveSurvival = (split: number, survival: number): string =>
  `splitThreshold=${split} should be below survivalThreshold=${survival}`;

export const badGranularity = (name: string, value: string): string =>
  `${name}='${value}' should be 'day', 'week' or 'month'`;

export const noArmColumn = (column: string, available: string[]): string =>
  `arm: no column named ${JSON.stringify(column)}; the columns are: ${available.join(", ") || "none"}`;

export const noOutcomeColumn = (column: string, available: string[]): string =>
  `outcome: no column named ${JSON.stringify(column)}; the columns are: ${available.join(", ") || "none"}`;

export const badArms = (levels: string[]): string =>
  `arm: expected exactly two arms, found ${levels.length}: ${levels.map((l) => JSON.stringify(l)).join(", ") || "none"}`;

export const noControl = (control: string, levels: string[]): string =>
  `control: no arm named ${JSON.stringify(control)}; the arms are ${levels.map((l) => JSON.stringify(l)).join(", ")}`;

export const badOutcomeValue = (user: string, value: unknown): string =>
  `outcome: user ${JSON.stringify(user)} has the non-numeric value ${JSON.stringify(value)}; the outcome must be a number (0/1 for a conversion)`;

export const missingArm = (users: number): string =>
  `${users} users have no arm and are left out of the readout`;

export const missingOutcome = (users: number): string =>
  `${users} users have no outcome value and are left out of the readout`;

export const badMinEffect = (value: number): string =>
  `minEffect=${value} should be a positive number`;

export const noEvents = (): string =>
  "retention needs an event log with times (a per-user table has no activity over time)";

export const badWindow = (value: string): string =>
  `window ${JSON.stringify(value)}: expected START..END with dates YYYY-MM-DD (END included), e.g. 2026-01-01..2026-03-31`;

export const tenureAges = (names: string[]): string =>
  `${names.join(", ")} measure${names.length === 1 ? "s" : ""} time since signup, which grows with the calendar: data from a later window shift${names.length === 1 ? "s" : ""} it for every user`;
