import { openDatabase, quoteLiteral, type Database } from "../../src/io/database.js";
import type { FeatureTable } from "../../src/features/types.js";

/** One event: user, UTC time, event name, optional value. */
export type Row = [string, string, string, number?];

/** A fresh database with the canonical `events` table (and `users` when given a DDL + rows). */
export async function makeDb(
  rows: Row[],
  users?: { columns: string; rows: string[] },
): Promise<Database> {
  const db = await openDatabase({ threads: 1 });
  await db.run(
    "CREATE TABLE events(user_id VARCHAR NOT NULL, ts TIMESTAMP NOT NULL, event VARCHAR NOT NULL, value DOUBLE)",
  );
  if (rows.length > 0)
    await db.run(
      `INSERT INTO events VALUES ${rows
        .map(
          ([u, t, e, v]) =>
            `(${quoteLiteral(u)}, ${quoteLiteral(t)}, ${quoteLiteral(e)}, ${v === undefined ? "NULL" : v})`,
        )
        .join(", ")}`,
    );
  if (users) {
    await db.run(`CREATE TABLE users(${users.columns})`);
    if (users.rows.length > 0)
      await db.run(`INSERT INTO users VALUES ${users.rows.map((r) => `(${r})`).join(", ")}`);
  }
  return db;
}

/** The table as `{ id: { feature: value } }` (NaN kept) for readable assertions. */
export function byUser(t: FeatureTable): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  t.ids.forEach((id, i) => {
    out[id] = Object.fromEntries(t.featureNames.map((n, j) => [n, t.columns[j]![i]!]));
  });
  return out;
}
