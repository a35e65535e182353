/**
 * Every error and warning text of the segment-model stage, as functions, so that tests can
 * assert against the exact wording and the CLI can print them unchanged.
 */

// ---------------------------------------------------------------- load / validation errors

/** Error: a model file failed validation at a field path (`kmeans.centroids[2]`). */
export const invalidField = (source: string, path: string, problem: string): string =>
  `${source}: ${path === "" ? "(root)" : path}: ${problem}`;

/** Error: the file is not JSON at all. */
export const notJson = (source: string, detail: string): string =>
  `${source}: not a valid JSON document (${detail})`;

/** Error: the model file cannot be read. */
export const cannotRead = (file: string, detail: string): string =>
  `${file}: cannot read the segment model (${detail})`;

/** Error: the model was written by a newer, incompatible SegmentLab. */
export const newerVersion = (source: string, version: number, supported: number): string =>
  `${source}: version: the model has format version ${version}, but this SegmentLab (reads up to version ${supported}) is older — upgrade segmentlab to load it`;

// ---------------------------------------------------------------- assign

/** Error: the data lack a feature the model needs. */
export const missingFeatures = (names: readonly string[], available: readonly string[]): string =>
  `the data lack ${names.length === 1 ? "a feature" : `${names.length} features`} the segment model needs: ${list(names)} (the data have: ${list(available)})`;

/** Error: the data lack an attribute the model one-hot encodes. */
export const missingAttributes = (names: readonly string[], available: readonly string[]): string =>
  `the data lack ${names.length === 1 ? "an attribute" : `${names.length} attributes`} the segment model encodes: ${list(names)} (the data have: ${list(available)})`;

/** Warning: attribute values never seen in training (they go to "(other)"/"(missing)" or all zeros). */
export const unseenLevels = (
  attribute: string,
  levels: readonly string[],
  users: number,
  goesTo: string,
): string =>
  `attribute "${attribute}": ${users} user(s) have value(s) not seen in training (${list(levels)}); treated as ${goesTo}`;

/** Warning: the new data cover a different observation window than the training data. */
export const windowDiffers = (
  trained: { start: string; end: string },
  data: { start: string; end: string },
): string =>
  `observation window differs: the model was trained on ${trained.start} … ${trained.end}, the data span ${data.start} … ${data.end}; feature values (recency, tenure, rates) may not be comparable`;

/** Warning: the data have extra features the model ignores. */
export const extraFeatures = (names: readonly string[]): string =>
  `the data have ${names.length} feature(s) the model does not use (ignored): ${list(names)}`;

/** Error: assign was given a database but the model stores no feature spec. */
export const noFeatureSpec = (): string =>
  `this segment model was trained on a per-user table (no feature spec): assign it to a feature table, not to an event log`;

/** Error: the model stores a spec but not the feature context it was compiled with. */
export const noFeatureContext = (): string =>
  `this segment model has a feature spec but no featureContext (frozen event list, users columns), so its features cannot be recomputed exactly; rebuild the model with a current segmentlab`;

/** Error: the database lacks a table the model's feature spec reads. */
export const missingTables = (names: readonly string[], available: readonly string[]): string =>
  `the data lack the ${list(names)} table(s) the model's feature spec reads (loaded tables: ${list(available)})`;

/** Error: the users table lacks columns the model's feature spec reads. */
export const missingUserColumns = (
  names: readonly string[],
  available: readonly string[],
): string =>
  `the users table lacks column(s) the segment model needs: ${list(names)} (it has: ${list(available)})`;

/** Warning: events the model counts never occur in the data. */
export const eventsAbsent = (names: readonly string[]): string =>
  `${names.length} event kind(s) the model counts do not occur in the data (their counts are 0): ${list(names)}`;

/** Error: an unsupported output file extension. */
export const badOutputExtension = (file: string): string =>
  `${file}: unsupported output format — use a .csv or .parquet file name`;

/** Error: refusing to overwrite an input file. */
export const wouldOverwriteInput = (file: string): string =>
  `${file}: refusing to overwrite an input file; choose another --out`;

/** Error: a bad number in options. */
export const badOption = (option: string, value: unknown, constraint: string): string =>
  `${option}=${JSON.stringify(value)} should be ${constraint}`;

function list(names: readonly string[]): string {
  if (names.length === 0) return "none";
  const shown = names.slice(0, 12).map((n) => JSON.stringify(n));
  return names.length > 12 ? `${shown.join(", ")}, … ${names.length - 12} more` : shown.join(", ");
}

// ---------------------------------------------------------------- assignments files re-read

/** Error: an assignments CSV has another header than SegmentLab writes. */
export const assignmentsHeader = (
  source: string,
  got: readonly string[],
  expected: readonly string[],
): string =>
  `${source}:1: not an assignments file written by SegmentLab: the header is ${JSON.stringify(got.join(","))}, expected ${JSON.stringify(expected.join(","))}`;

/** Error: a value in an assignments CSV does not parse. */
export const assignmentsValue = (
  source: string,
  line: number,
  column: string,
  value: string,
): string => `${source}:${line}: column ${column}: ${JSON.stringify(value)} is not a valid value`;
