import { describe, expect, it } from "vitest";
import {
  bigqueryDialect,
  DIALECT_NAMES,
  snowflakeDialect,
  sparkDialect,
  postgresDialect,
  duckdbExportDialect,
} from "../../src/export/dialects/index.js";
import { exportSql, getExportDialect } from "../../src/export/export-sql.js";
import * as msg from "../../src/export/messages.js";
import { rulesToJsonFilters, rulesToSqlCase } from "../../src/export/rules-export.js";
import { segmentFolderName, summarizeSegments } from "../../src/export/write-segments-folder.js";
import { openDatabase } from "../../src/io/database.js";
import { assign } from "../../src/model/assign.js";
import { handModel } from "../fixtures/export/hand-model.js";

describe("exportSql golden files", () => {
  for (const dialect of DIALECT_NAMES) {
    it(`exportSql(model, {dialect: '${dialect}'}) matches the golden file (PCA, one-hot, hostile persona and level names)`, async () => {
      await expect(exportSql(handModel(), { dialect })).toMatchFileSnapshot(
        `../fixtures/export/golden/segments-${dialect}.sql`,
      );
    });
    it(`exportSql(model, {dialect: '${dialect}', eventsTable: [schema, table], columns}) matches the golden file (no PCA)`, async () => {
      await expect(
        exportSql(handModel({ pca: false }), {
          dialect,
          eventsTable: ["analytics", "raw events"],
          usersTable: ["analytics", "people"],
          columns: { userId: "uid", ts: "event_time", event: "name", value: "amount" },
        }),
      ).toMatchFileSnapshot(`../fixtures/export/golden/segments-${dialect}-renamed-no-pca.sql`);
    });
  }
  it("rulesToSqlCase(rules, dialect) matches the golden files for every dialect", async () => {
    const m = handModel();
    const text = DIALECT_NAMES.map(
      (d) =>
        `-- ${d}\n${rulesToSqlCase(m.rules!, d)}\n-- ${d}, names\n${rulesToSqlCase(m.rules!, d, { names: m.personas.map((p) => p.name), tableAlias: "f" })}\n`,
    ).join("\n");
    await expect(text).toMatchFileSnapshot("../fixtures/export/golden/rules-case.sql");
  });
  it("rulesToJsonFilters(rules, names) matches the golden file", async () => {
    const m = handModel();
    const json = JSON.stringify(
      rulesToJsonFilters(
        m.rules!,
        m.personas.map((p) => p.name),
      ),
      null,
      2,
    );
    await expect(`${json}\n`).toMatchFileSnapshot("../fixtures/export/golden/rules-filters.json");
  });
});

describe("exportSql in DuckDB on the hand model", () => {
  it("exportSql(model, {dialect: 'duckdb'}) equals assign(model, db) (unseen level, missing plan, hostile names)", async () => {
    const db = await openDatabase({ threads: 1 });
    try {
      await db.run(
        "CREATE TABLE events (user_id VARCHAR, ts TIMESTAMP, event VARCHAR, value DOUBLE)",
      );
      await db.run("CREATE TABLE users (user_id VARCHAR, plan VARCHAR)");
      await db.run(
        "INSERT INTO events VALUES ('a', '2024-01-01 10:00', 'login', NULL), ('a', '2024-01-02 10:00', 'login', NULL), " +
          "('b', '2024-01-05 10:00', 'it''s \"x\"', 120.5), ('c', '2024-02-01 10:00', 'other', NULL)",
      );
      await db.run("INSERT INTO users VALUES ('a', 'free'), ('b', NULL), ('c', 'enterprise')");
      for (const pca of [true, false]) {
        const model = handModel({ pca });
        const rows = await db.query(exportSql(model, { dialect: "duckdb" }));
        const a = await assign(model, db);
        expect(rows.map((r) => r["user_id"])).toEqual(["a", "b", "c"]);
        expect(rows.map((r) => r["segment_id"])).toEqual(Array.from(a.segmentId));
        expect(rows.map((r) => r["persona"])).toEqual(a.persona);
      }
      // The table the hostile level name mentions still exists.
      expect((await db.query("SELECT COUNT(*) AS n FROM users"))[0]!["n"]).toBe(3n);
    } finally {
      db.close();
    }
  });
  it("exportSql SQL for DuckDB passes EXPLAIN (parse and bind) for both golden variants", async () => {
    const db = await openDatabase({ threads: 1 });
    try {
      await db.run("CREATE SCHEMA analytics");
      await db.run(
        'CREATE TABLE analytics."raw events" (uid VARCHAR, event_time TIMESTAMP, name VARCHAR, amount DOUBLE)',
      );
      await db.run("CREATE TABLE analytics.people (uid VARCHAR, plan VARCHAR)");
      const sql = exportSql(handModel({ pca: false }), {
        dialect: "duckdb",
        eventsTable: ["analytics", "raw events"],
        usersTable: ["analytics", "people"],
        columns: { userId: "uid", ts: "event_time", event: "name", value: "amount" },
      });
      const plan = await db.query(`EXPLAIN ${sql.replace(/;\s*$/, "")}`);
      expect(plan.length).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });
});

describe("dialect quoting", () => {
  const hostile = `a"b'c\`d\\e; DROP TABLE x; -- ü\n`;
  it("quoteIdent escapes the dialect's quote character (and backslash for BigQuery)", () => {
    expect(duckdbExportDialect.quoteIdent(hostile)).toBe(`"a""b'c\`d\\e; DROP TABLE x; -- ü\n"`);
    expect(postgresDialect.quoteIdent(hostile)).toBe(`"a""b'c\`d\\e; DROP TABLE x; -- ü\n"`);
    expect(snowflakeDialect.quoteIdent(hostile)).toBe(`"a""b'c\`d\\e; DROP TABLE x; -- ü\n"`);
    expect(sparkDialect.quoteIdent(hostile)).toBe(`\`a"b'c\`\`d\\e; DROP TABLE x; -- ü\n\``);
    expect(bigqueryDialect.quoteIdent(hostile)).toBe(`\`a"b'c\\\`d\\\\e; DROP TABLE x; -- ü\n\``);
  });
  it("quoteString escapes quotes per dialect (backslash escapes for BigQuery, Spark, Snowflake; E'' for PostgreSQL)", () => {
    // With a backslash: an escape string, so standard_conforming_strings=off reads it the same.
    expect(postgresDialect.quoteString(hostile)).toBe(`E'a"b''c\`d\\\\e; DROP TABLE x; -- ü\n'`);
    expect(snowflakeDialect.quoteString(hostile)).toBe(`'a"b''c\`d\\\\e; DROP TABLE x; -- ü\\n'`);
    expect(bigqueryDialect.quoteString(hostile)).toBe(`'a"b\\'c\`d\\\\e; DROP TABLE x; -- ü\\n'`);
    expect(sparkDialect.quoteString(hostile)).toBe(`'a"b\\'c\`d\\\\e; DROP TABLE x; -- ü\\n'`);
  });
  it("floatLiteral writes the shortest round-trip decimal, cast from a string", () => {
    expect(postgresDialect.floatLiteral(0.1 + 0.2)).toBe(
      "CAST('0.30000000000000004' AS DOUBLE PRECISION)",
    );
    expect(bigqueryDialect.floatLiteral(-0)).toBe("CAST('0' AS FLOAT64)");
    expect(sparkDialect.floatLiteral(1e-300)).toBe("CAST('1e-300' AS DOUBLE)");
    expect(() => duckdbExportDialect.floatLiteral(NaN)).toThrow(RangeError);
  });
  it("floatLiteral values parse to the same double in DuckDB", async () => {
    const db = await openDatabase({ threads: 1 });
    try {
      const xs = [
        0.1,
        1 / 3,
        Math.PI * 1e10,
        5e-324,
        1.7976931348623157e308,
        -2.5e-8,
        123456789.12345679,
      ];
      const rows = await db.query(
        `SELECT ${xs.map((x, i) => `${duckdbExportDialect.floatLiteral(x)} AS x${i}`).join(", ")}`,
      );
      expect(xs.map((_, i) => rows[0]![`x${i}`])).toEqual(xs);
    } finally {
      db.close();
    }
  });
});

describe("exportSql errors", () => {
  it("getExportDialect('oracle') throws a RangeError naming the dialects", () => {
    expect(() => getExportDialect("oracle")).toThrow(
      new RangeError(msg.unknownDialect("oracle", DIALECT_NAMES)),
    );
  });
  it("exportSql(model, {eventsTable: ''}) throws a TypeError", () => {
    expect(() => exportSql(handModel(), { eventsTable: "" })).toThrow(
      new TypeError(msg.badTableName("eventsTable", "")),
    );
  });
  it("exportSql(model, {columns: {ts: ''}}) throws a TypeError", () => {
    expect(() => exportSql(handModel(), { columns: { ts: "" } })).toThrow(
      new TypeError(msg.badColumnName("columns.ts", "")),
    );
  });
  it("exportSql(model without spec) needs featuresTable", () => {
    const m = { ...handModel(), featureSpec: null };
    expect(() => exportSql(m)).toThrow(msg.needsFeaturesTable());
    expect(exportSql(m, { featuresTable: "feats", columns: { userId: "id" } })).toContain(
      'SELECT * FROM "feats"',
    );
  });
  it("exportSql(model without featureContext) says what is missing", () => {
    const m = { ...handModel(), featureContext: null };
    expect(() => exportSql(m)).toThrow(msg.noFeatureContext());
  });
});

describe("summarizeSegments", () => {
  it("summarizeSegments counts sizes, shares, atypical users and mean distances per segment", () => {
    const m = handModel();
    const a = {
      userId: ["a", "b", "c", "d"],
      segmentId: Int32Array.of(0, 0, 2, 0),
      persona: [],
      distance: Float64Array.of(1, 2, 3, 6),
      margin: new Float64Array(4),
      atypical: Uint8Array.of(0, 0, 1, 1),
      warnings: [],
    };
    const s = summarizeSegments(m, a);
    expect(s.map((x) => [x.size, x.share, x.atypical, x.meanDistance])).toEqual([
      [3, 0.75, 1, 3],
      [0, 0, 0, null],
      [1, 0.25, 1, 3],
    ]);
    expect(s[1]).toMatchObject({
      name: `O'Brien "Fans"; --`,
      edited: true,
      rule: "active_days < 4.5 AND value_sum ≥ 100",
      folder: "01-o-brien-fans",
    });
    expect(() => summarizeSegments(m, { ...a, segmentId: Int32Array.of(0, 0, 5, 0) })).toThrow(
      msg.assignmentsMismatch(5, 3),
    );
  });
  it("segmentFolderName(id, name) gives NN-ascii-slug, 'segment' when nothing is left", () => {
    expect(segmentFolderName(3, "Fading Regulars")).toBe("03-fading-regulars");
    expect(segmentFolderName(12, "Käufer ü")).toBe("12-kaufer-u");
    expect(segmentFolderName(0, "!!!")).toBe("00-segment");
  });
});

describe("rules exports", () => {
  it("rulesToSqlCase evaluates in DuckDB to the rule's segment, with missingAs for NULL", async () => {
    const m = handModel();
    const db = await openDatabase({ threads: 1 });
    try {
      const rows = await db.query(
        `SELECT ${rulesToSqlCase(m.rules!, "duckdb")} AS s FROM (VALUES (5.0, 1.0), (2.0, 150.0), (2.0, 50.0), (2.0, NULL)) AS t(active_days, value_sum)`,
      );
      expect(rows.map((r) => r["s"])).toEqual([0, 1, 2, 2]);
    } finally {
      db.close();
    }
  });
  it("rulesToSqlCase with an empty AND matches everyone, with no OR matches no one", () => {
    expect(
      rulesToSqlCase(
        {
          rules: [
            { segment: 1, conditions: [] },
            { segment: 0, conditions: [[]] },
          ],
        },
        "postgres",
      ),
    ).toBe("CASE\n  WHEN TRUE THEN 0\n  ELSE NULL\nEND");
  });
  it("rulesToJsonFilters maps < to lt and >= to gte and keeps missingAs", () => {
    const f = rulesToJsonFilters(handModel().rules!);
    expect(f.missingAs).toEqual({ value_sum: 12.5 });
    expect(f.segments[1]!.filter).toEqual({
      or: [
        {
          and: [
            { property: "active_days", operator: "lt", value: 4.5 },
            { property: "value_sum", operator: "gte", value: 100 },
          ],
        },
      ],
    });
    expect(f.segments[1]!.name).toBe("Segment 1");
  });
});
