/**
 * The exported SQL, run for real in DuckDB (embedded) and PostgreSQL, assigns every user to
 * the same segment (and persona) as the in-process `assign`. Data-driven: a case fills the
 * canonical `events`/`users` tables of a DuckDB database and says how to fit; adding a data set
 * is one line in CASES (e.g. `{ name: "bundled sample", load: (db) => loadUsageData({ events:
 * ["data/sample/events.csv.gz"], users: "data/sample/users.csv" }, { db }).then(() => {}), fit:
 * { k: 5 } }`).
 */
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "pg";
import { exportSql, type ExportSqlOptions } from "../../src/export/export-sql.js";
import { openDatabase, quoteIdent, type Database } from "../../src/io/database.js";
import { assign, type Assignments } from "../../src/model/assign.js";
import type { SegmentModel } from "../../src/model/schema.js";
import { discover, type DiscoverOptions } from "../../src/pipeline.js";
import { loadEvents } from "../../src/io/load-events.js";
import { loadUsageData } from "../../src/io/load-usage-data.js";
import {
  fitFixtureModel,
  generateLog,
  HOSTILE_NAMES,
  loadIntoDuckDB,
  type FixtureOptions,
} from "../fixtures/export/make-model.js";
import { connectPostgres, copyTablesToPostgres } from "../fixtures/export/postgres.js";

interface SqlCase {
  name: string;
  /** Fills the canonical `events` (and `users`) tables. */
  load: (db: Database) => Promise<void>;
  /** Fit with the test fixture's stage calls (default) … */
  fit?: FixtureOptions;
  /** … or with any pipeline, e.g. {@link viaDiscover}. */
  model?: (db: Database) => Promise<Fitted>;
  /** Table/column names to export for; the canonical tables are copied under these names. */
  rename?: {
    events: string;
    users: string;
    cols: { userId: string; ts: string; event: string; value: string };
  };
}

interface Fitted {
  model: SegmentModel;
  /** Training labels, in the order of `ids`. */
  labels: Int32Array;
  ids: string[];
}

/** Fits with the real `discover` pipeline on the loaded database. */
const viaDiscover =
  (options: DiscoverOptions) =>
  async (db: Database): Promise<Fitted> => {
    const r = await discover({ db, kind: "events" }, options);
    return { model: r.model, labels: r.labels, ids: r.table.ids };
  };

const RETAIL = path.resolve(__dirname, "../../../shared/data/online-retail-uci");

const HOSTILE_TABLES = {
  events: `ev"ents; DROP TABLE users; --`,
  users: `us'ers "x" ü`,
  cols: { userId: `user "id"`, ts: `t's; --`, event: "évent`name", value: `va"l;ue` },
};

const CASES: SqlCase[] = [
  {
    name: "generated log, 90 users, k = 3",
    load: (db) => loadIntoDuckDB(db, generateLog(1, 90)),
    fit: { k: 3 },
  },
  {
    name: "generated log, 150 users, PCA 4, k = 4",
    load: (db) => loadIntoDuckDB(db, generateLog(2, 150)),
    fit: { k: 4, pca: 4, seed: 3 },
  },
  {
    name: "generated log, robust scaling, no winsorizing, k = 5",
    load: (db) => loadIntoDuckDB(db, generateLog(3, 120)),
    fit: { k: 5, prep: { scaling: "robust", winsorize: false } },
  },
  {
    name: "hostile event, plan, table and column names",
    load: (db) => loadIntoDuckDB(db, generateLog(4, 90, HOSTILE_NAMES)),
    fit: { k: 3, personas: [`O'Brien "Fans"; DROP TABLE users; --`, "Käufer \\' `x`"] },
    rename: HOSTILE_TABLES,
  },
  {
    name: "generated log through discover (k = 4, PCA, personas, rules)",
    load: (db) => loadIntoDuckDB(db, generateLog(8, 150)),
    model: viaDiscover({ k: 4, seed: 2, pca: { varianceToKeep: 0.9 } }),
  },
  {
    name: "bundled sample through discover (k = 5)",
    load: (db) =>
      loadUsageData(
        { events: ["data/sample/events.csv.gz"], users: "data/sample/users.csv" },
        { db },
      ).then(() => undefined),
    model: viaDiscover({ k: 5, seed: 0 }),
  },
  {
    // 406,829 invoice lines of 4,372 customers; value = Quantity × UnitPrice (cancellations negative).
    name: "online-retail-uci through discover (k = 4)",
    load: (db) =>
      loadEvents(db, path.join(RETAIL, "online_retail_*.csv.gz"), {
        valueFrom: ["Quantity", "UnitPrice"],
      }).then(() => undefined),
    model: viaDiscover({ k: 4, seed: 0 }),
  },
];

/** Creates renamed copies of the canonical tables (same SQL in DuckDB and PostgreSQL). */
function renameSql(r: NonNullable<SqlCase["rename"]>): string[] {
  const q = quoteIdent;
  const c = r.cols;
  return [
    `CREATE TABLE ${q(r.events)} AS SELECT user_id AS ${q(c.userId)}, ts AS ${q(c.ts)}, event AS ${q(c.event)}, value AS ${q(c.value)} FROM events`,
    `CREATE TABLE ${q(r.users)} AS SELECT user_id AS ${q(c.userId)}, plan FROM users`,
  ];
}

function sqlOptions(c: SqlCase): Omit<ExportSqlOptions, "dialect"> {
  return c.rename === undefined
    ? {}
    : { eventsTable: c.rename.events, usersTable: c.rename.users, columns: c.rename.cols };
}

/** Users whose SQL result differs from in-process assign, with their margins (for the failure message). */
function differences(a: Assignments, rows: Record<string, unknown>[]) {
  const out: string[] = [];
  if (rows.length !== a.userId.length)
    out.push(`SQL returned ${rows.length} rows, assign ${a.userId.length}`);
  for (let i = 0; i < Math.min(rows.length, a.userId.length); i++) {
    const r = rows[i]!;
    if (
      r["user_id"] !== a.userId[i] ||
      Number(r["segment_id"]) !== a.segmentId[i] ||
      r["persona"] !== a.persona[i]
    )
      out.push(
        `${a.userId[i]}: assign ${a.segmentId[i]} ${a.persona[i]} (margin ${a.margin[i]}), SQL ${String(r["user_id"])} ${String(r["segment_id"])} ${String(r["persona"])}`,
      );
  }
  return out;
}

describe.each(CASES)("exportSql on $name", (c) => {
  let db: Database;
  let fitted: Fitted;
  let inProcess: Assignments;

  beforeAll(async () => {
    db = await openDatabase({ threads: 1 });
    await c.load(db);
    if (c.model !== undefined) fitted = await c.model(db);
    else {
      const f = await fitFixtureModel(db, c.fit);
      fitted = { model: f.model, labels: f.labels, ids: f.table.ids };
    }
    inProcess = await assign(fitted.model, db);
    if (c.rename !== undefined) for (const s of renameSql(c.rename)) await db.run(s);
  });
  afterAll(() => db?.close());

  it("assign(model, db) reproduces the training labels exactly", () => {
    expect(Array.from(inProcess.segmentId)).toEqual(Array.from(fitted.labels));
    expect(inProcess.userId).toEqual(fitted.ids);
  });

  it("exportSql(model, {dialect: 'duckdb'}) run in DuckDB equals assign for every user", async () => {
    const tables = async () =>
      (await db.query("SELECT table_name AS t FROM information_schema.tables ORDER BY 1")).map(
        (r) => r["t"],
      );
    const before = await tables();
    const rows = await db.query(exportSql(fitted.model, { dialect: "duckdb", ...sqlOptions(c) }));
    expect(differences(inProcess, rows)).toEqual([]);
    expect(await tables()).toEqual(before);
  });

  it("exportSql(model, {dialect: 'postgres'}) run in PostgreSQL equals assign for every user", async () => {
    const pg = await connectPostgres();
    try {
      const client: Client = pg.client;
      await copyTablesToPostgres(db, client, ["events", "users"]);
      if (c.rename !== undefined) {
        for (const s of renameSql(c.rename)) await client.query(s);
        // Only the renamed tables exist for the export: the canonical ones are dropped.
        await client.query("DROP TABLE events; DROP TABLE users");
      }
      const res = await client.query(
        exportSql(fitted.model, { dialect: "postgres", ...sqlOptions(c) }),
      );
      expect(differences(inProcess, res.rows as Record<string, unknown>[])).toEqual([]);
    } finally {
      await pg.close();
    }
  });
});
