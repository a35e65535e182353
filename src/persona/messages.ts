/** Error and warning texts of the persona stage, as functions so tests can assert against them. */

/** renamePersona: the segment id is not one of the personas. */
export function unknownSegment(segment: number, available: number[]): string {
  return `segment=${segment} does not exist (segments: ${available.join(", ")})`;
}

/** renamePersona: the new name is empty. */
export function emptyName(name: string): string {
  return `name='${name}' should not be empty`;
}

/** renamePersona: the new name is already taken by another segment. */
export function duplicateName(name: string, segment: number): string {
  return `name='${name}' is already used by segment ${segment}; persona names must be unique`;
}

/** renamePersona: the name is too long for a card heading. */
export function nameTooLong(name: string, max: number): string {
  return `name='${name}' is ${name.length} characters, should be at most ${max}`;
}

/** renamePersona: a control character (line break, tab, escape, …) in a name or description. */
export function controlCharacter(field: string, value: string): string {
  return `${field}=${JSON.stringify(value)} contains a control character (line break, tab, escape …); use plain text on one line`;
}

/** renamePersona: the description is too long. */
export function descriptionTooLong(length: number, max: number): string {
  return `description is ${length} characters, should be at most ${max}`;
}

/** flagAtypical: percentile out of (0, 1). */
export function badPercentile(p: number): string {
  return `percentile=${p} should be > 0 and < 1`;
}

/** flagAtypical: distances and labels differ in length. */
export function lengthMismatch(distances: number, labels: number): string {
  return `distances.length=${distances} should equal labels.length=${labels}`;
}

/** flagAtypical: a distance is negative or not a number. */
export function badDistance(row: number, value: number): string {
  return `distances[${row}]=${value} should be a finite number >= 0`;
}

/** A label is not a segment id. */
export function badLabel(row: number, value: number): string {
  return `labels[${row}]=${value} should be an integer >= 0`;
}

/** segmentationWarnings: a bad option value. */
export function badOption(name: string, value: number, constraint: string): string {
  return `${name}=${value} should be ${constraint}`;
}

/** Warning: more segments than a team can act on. */
export function tooManySegments(k: number, max: number): string {
  return `${k} segments is more than a team can act on (at most ${max} recommended): consider a smaller k or merging segments that call for the same action`;
}

/** Warning: a segment whose traits are all weak. */
export function noActionableDifference(
  segment: number,
  name: string,
  maxEffect: number,
  threshold: number,
): string {
  return `segment ${segment} (${name}) has no actionable difference: its strongest trait has |effect size| ${maxEffect.toFixed(2)} < ${threshold}; treat it as the baseline, not as a persona`;
}

/** Warning: a tiny segment that is clearly distinctive — kept, not merged away. */
export function tinyDistinctiveSegment(
  segment: number,
  name: string,
  share: number,
  trait: string,
  effect: number,
): string {
  return `segment ${segment} (${name}) is tiny (${(share * 100).toFixed(1)} % of users) but distinctive (${trait}, effect size ${effect.toFixed(2)}): kept as its own segment, check it is not a data artefact before acting on it`;
}

/** Warning: a tiny segment with no strong trait. */
export function tinySegment(
  segment: number,
  name: string,
  share: number,
  minShare: number,
): string {
  return `segment ${segment} (${name}) holds only ${(share * 100).toFixed(1)} % of users (< ${(minShare * 100).toFixed(1)} %) and is not distinctive: too small to act on`;
}

/** Warning: a segment whose membership is unstable under resampling. */
export function unstableSegment(
  segment: number,
  name: string,
  jaccard: number,
  min: number,
): string {
  return `segment ${segment} (${name}) is unstable (mean bootstrap Jaccard ${jaccard.toFixed(2)} < ${min}): its members change when the data are resampled`;
}

/** verifyClaims: one claim that does not hold. */
export function claimFailed(where: string, why: string): string {
  return `claim "${where}" does not hold: ${why}`;
}

/** The pipeline refuses to write personas whose claims do not hold. */
export function claimsFailed(failures: string[]): string {
  return `${failures.length} persona claim(s) do not hold; nothing was written:\n- ${failures.join("\n- ")}`;
}
