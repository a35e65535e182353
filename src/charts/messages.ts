/** Error texts of the chart builders (tests assert against these functions). */

/** A segment id that is not a non-negative integer, or one given twice. */
export const invalidSegmentId = (id: unknown, why = "should be a non-negative integer"): string =>
  `segmentId=${String(id)} ${why}`;

/** A data row refers to a segment missing from the `segments` list. */
export const unknownSegment = (param: string, index: number, id: number): string =>
  `${param}[${index}].segmentId=${id} is not among the segments given`;

/** A chart was asked for with no data. */
export const emptyData = (param: string): string => `${param} should not be empty`;

/** A value that should be a finite number is not. */
export const notFinite = (param: string, index: number, field: string, value: unknown): string =>
  `${param}[${index}].${field}=${String(value)} should be a finite number`;

/** A sample size that is not a positive integer. */
export const invalidMaxPoints = (max: unknown): string =>
  `max=${String(max)} should be an integer >= 1`;

/** A spec that is not a vega-lite spec (renderSvg). */
export const notASpec = (what: string): string =>
  `renderSvg(spec): expected a vega-lite spec object, got ${what}`;
