/** Error texts of the report (tests assert against these functions). */

/** A report input file that does not match the ReportInput shape. */
export const badReportInput = (source: string, path: string, problem: string): string =>
  `${source}: ${path === "" ? "(top level)" : path}: ${problem}`;

/** A report input file that is not JSON. */
export const reportInputNotJson = (source: string, problem: string): string =>
  `${source}: not valid JSON (${problem})`;

/** Refusing to overwrite a file that is not a report. */
export const notHtmlPath = (path: string): string => `report path ${path} should end in .html`;
