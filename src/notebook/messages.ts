/** Error texts of the notebook helpers (tests assert against these functions). */

/** display() got something it cannot show. */
export const cannotDisplay = (what: string): string =>
  `display(value): cannot show ${what}; expected a vega-lite spec, a FeatureTable, an array of records or a DataFrame`;

/** tslab is not available (display() outside a tslab notebook without a display object). */
export const noTslab = (): string =>
  "display(value): tslab is not available (run inside a tslab notebook, or pass options.display)";

/** danfojs is not installed. */
export const noDanfo = (): string => "danfojs is not installed: npm install danfojs@1.1.2";

/** The id column asked for is not in the DataFrame. */
export const missingIdColumn = (column: string, columns: readonly string[]): string =>
  `fromDataFrame(df, {idColumn}): idColumn="${column}" is not a column of the DataFrame (columns: ${columns.join(", ")})`;

/** Two rows share an id. */
export const duplicateId = (id: string): string =>
  `fromDataFrame(df): id "${id}" appears more than once`;

/** A missing id. */
export const missingId = (row: number): string => `fromDataFrame(df): row ${row} has no id`;

/** A row count that is not a non-negative integer. */
export const invalidRows = (rows: unknown): string =>
  `rows=${String(rows)} should be an integer >= 0`;
