/** Error and warning texts of the profile stage, as functions so tests can assert against them. */

/** `labels` must have one entry per user of the table. */
export function labelsLengthMismatch(labels: number, rows: number): string {
  return `labels.length=${labels} should equal the number of users=${rows}`;
}

/** A label is not a segment id 0..k−1. */
export function badLabel(row: number, value: number): string {
  return `labels[${row}]=${value} should be an integer >= 0`;
}

/** A column (feature, attribute, outcome or mask) has the wrong length. */
export function columnLengthMismatch(
  kind: string,
  name: string,
  length: number,
  rows: number,
): string {
  return `${kind} '${name}' has length=${length}, should equal the number of users=${rows}`;
}

/** The tree depth is out of range. */
export function badDepth(depth: number): string {
  return `depth=${depth} should be an integer between 1 and 10`;
}

/** The minimum leaf size is out of range. */
export function badMinLeaf(minLeaf: number): string {
  return `minLeaf=${minLeaf} should be an integer >= 1`;
}

/** A feature asked for by name is not in the table. */
export function unknownFeature(name: string, available: string[]): string {
  return `feature '${name}' is not in the table (available: ${available.join(", ")})`;
}

/** The table has no users left to profile or to fit the rules on. */
export function noUsers(): string {
  return "no users to profile: the table is empty or every user is excluded";
}

/** Warning: some segments never win a leaf of the tree, so they get no rule. */
export function segmentsWithoutRule(segments: number[], depth: number): string {
  return `segments ${segments.join(", ")} have no rule at depth=${depth}: the tree never predicts them (try a larger depth)`;
}

/** Warning: some features had missing values; the tree reads them as the population median. */
export function missingAsMedian(features: string[]): string {
  return `missing values in ${features.join(", ")} are read as the population median by the rules`;
}

/** The rules' sample size is out of range. */
export function badSampleSize(sampleSize: number): string {
  return `sampleSize=${sampleSize} should be an integer >= 2`;
}
