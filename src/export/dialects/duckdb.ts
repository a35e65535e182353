import { duckdbDialect as base } from "../../features/dialect.js";
import { doubleText, type ExportDialect } from "./common.js";

/**
 * DuckDB: the features dialect of `features/` plus exact double literals.
 *
 * @example
 * duckdbExportDialect.floatLiteral(0.1); // => "CAST('0.1' AS DOUBLE)"
 */
export const duckdbExportDialect: ExportDialect = {
  ...base,
  name: "duckdb",
  cteAs: "AS",
  doubleType: "DOUBLE",
  floatLiteral: (x) => `CAST('${doubleText(x)}' AS DOUBLE)`,
};
