import fc from "fast-check";
import type { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresDialect } from "../../src/export/dialects/postgres.js";
import { rulesToSqlCase } from "../../src/export/rules-export.js";
import { connectPostgres } from "../fixtures/export/postgres.js";
import { handModel } from "../fixtures/export/hand-model.js";
import { FUZZ_RUNS, FUZZ_SEED } from "./fuzz-settings.js";

// The export's literals must read back as the same text whatever the server's
// standard_conforming_strings says (it is off on old servers and some managed ones).
let pg: { client: Client; close: () => Promise<void> };

beforeAll(async () => {
  pg = await connectPostgres();
}, 120_000);

afterAll(async () => {
  await pg?.close();
});

async function readBack(client: Client, values: string[]): Promise<string[]> {
  const sql = `SELECT ${values.map((v, i) => `${postgresDialect.quoteString(v)} AS v${i}`).join(", ")}`;
  const r = await client.query(sql);
  return values.map((_, i) => r.rows[0][`v${i}`] as string);
}

const HOSTILE = [
  "a\\",
  "\\",
  "\\'",
  "it's",
  "a\\'b",
  "back\\slash\\\\double",
  "line\nbreak",
  "tab\t\r",
  "') ; DROP TABLE t; SELECT ('",
  "ünïcödé ✓ 𝔘",
];

describe("postgresDialect.quoteString under standard_conforming_strings on and off", () => {
  for (const setting of ["on", "off"]) {
    it(`postgresDialect.quoteString(s) reads back as s with standard_conforming_strings=${setting}`, async () => {
      await pg.client.query(`SET standard_conforming_strings = ${setting}`);
      await pg.client.query(`SET escape_string_warning = off`);
      expect(await readBack(pg.client, HOSTILE)).toEqual(HOSTILE);
      // Fuzz: any text without NUL (which PostgreSQL text cannot hold).
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.string({ unit: "binary", maxLength: 16 }).map((s) => s.replaceAll("\0", "")),
            {
              minLength: 1,
              maxLength: 8,
            },
          ),
          async (values) => {
            expect(await readBack(pg.client, values)).toEqual(values);
          },
        ),
        { seed: FUZZ_SEED, numRuns: Math.max(20, Math.floor(FUZZ_RUNS / 4)) },
      );
    }, 120_000);
  }

  it("rulesToSqlCase(rules, 'postgres') with a persona named `a\\` and an injection attempt leaves the table and the names intact (standard_conforming_strings=off)", async () => {
    const model = handModel();
    const names = model.personas.map((p) => p.name);
    names[0] = "a\\";
    names[1] = ") ; DROP TABLE t; SELECT (";
    await pg.client.query(`SET standard_conforming_strings = off`);
    await pg.client.query(`CREATE TABLE t (x INTEGER)`);
    const caseSql = rulesToSqlCase(model.rules!, "postgres", { names });
    const features = model.features.names;
    const cols = features.map((f) => `CAST(0 AS DOUBLE PRECISION) AS "${f.replaceAll('"', '""')}"`);
    const r = await pg.client.query(
      `SELECT DISTINCT ${caseSql} AS persona FROM (SELECT ${cols.join(", ")}) f`,
    );
    expect(names).toContain(r.rows[0].persona);
    const t = await pg.client.query(`SELECT count(*) AS n FROM t`);
    expect(Number(t.rows[0].n)).toBe(0);
    await pg.client.query(`SET standard_conforming_strings = on`);
  });
});
