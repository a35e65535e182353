/**
 * Every error and warning text of the export stage, as functions, so that tests can assert
 * against the exact wording and the CLI can print them unchanged.
 */

/** Error: an unknown SQL dialect. */
export const unknownDialect = (name: string, known: readonly string[]): string =>
  `dialect ${JSON.stringify(name)} is not supported (choose one of: ${known.join(", ")})`;

/** Error: an empty or malformed table name. */
export const badTableName = (option: string, value: unknown): string =>
  `${option}=${JSON.stringify(value)} should be a non-empty table name (or a list of name parts)`;

/** Error: an empty column name. */
export const badColumnName = (option: string, value: unknown): string =>
  `${option}=${JSON.stringify(value)} should be a non-empty column name`;

/** Error: the model has no feature spec, so the SQL needs a per-user features table. */
export const needsFeaturesTable = (): string =>
  `this segment model was trained on a per-user table (no feature spec): pass featuresTable (--features-table) naming a table with one row per user and the model's feature columns`;

/** Error: the model's feature spec could not be compiled to SQL. */
export const noFeatureContext = (): string =>
  `this segment model stores a feature spec but no featureContext (event list, users columns); it cannot be exported as SQL over events — rebuild it with a current segmentlab, or pass featuresTable`;

/** Error: the model has no rules to export. */
export const noRules = (): string =>
  `this segment model has no rules (model.rules is null); rerun discover with rules enabled`;

/** Error: the target folder exists and is not a SegmentLab segments folder. */
export const folderNotEmpty = (dir: string): string =>
  `${dir}: folder exists and is not a segments folder written by segmentlab (no segments.json); choose an empty or new folder`;

/** Error: assignments do not fit the model. */
export const assignmentsMismatch = (segmentId: number, k: number): string =>
  `assignments name segment ${segmentId}, but the model has ${k} segments (ids 0–${k - 1})`;

/** Error: an activation format that is not one of the known ones. */
export const unknownActivationFormat = (name: string, known: readonly string[]): string =>
  `activation format ${JSON.stringify(name)} is not known (choose from: ${known.join(", ")})`;
