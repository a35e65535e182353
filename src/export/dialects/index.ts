import { bigqueryDialect } from "./bigquery.js";
import type { DialectName, ExportDialect } from "./common.js";
import { duckdbExportDialect } from "./duckdb.js";
import { postgresDialect } from "./postgres.js";
import { snowflakeDialect } from "./snowflake.js";
import { sparkDialect } from "./spark.js";

export * from "./common.js";
export { bigqueryDialect, duckdbExportDialect, postgresDialect, snowflakeDialect, sparkDialect };

/** The export dialects by name. */
export const EXPORT_DIALECTS: Readonly<Record<DialectName, ExportDialect>> = {
  duckdb: duckdbExportDialect,
  postgres: postgresDialect,
  bigquery: bigqueryDialect,
  snowflake: snowflakeDialect,
  spark: sparkDialect,
};
