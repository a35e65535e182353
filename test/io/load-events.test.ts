import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SegmentLabError } from "../../src/errors.js";
import { openDatabase, type Database } from "../../src/io/database.js";
import { formatLoadReport } from "../../src/io/format-load-report.js";
import { inferColumn } from "../../src/io/infer-columns.js";
import { loadEvents } from "../../src/io/load-events.js";
import { loadUsageData } from "../../src/io/load-usage-data.js";
import * as msg from "../../src/io/messages.js";

let dir: string;
let db: Database;
const write = (name: string, text: string | Buffer): string => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};
const events = async (): Promise<Record<string, unknown>[]> =>
  (await db.query(`SELECT user_id, ts, event, value FROM events ORDER BY ts, user_id`)).map(
    (r) => ({
      ...r,
      ts: (r.ts as Date).toISOString(),
    }),
  );

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "segmentlab-io-test-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
beforeEach(async () => {
  db = await openDatabase({ threads: 1 });
});
afterEach(() => db.close());

const TINY = [
  { user_id: "u1", ts: "2026-01-01T10:00:00Z", event: "login", value: null, platform: "web" },
  { user_id: "u2", ts: "2026-01-02T00:30:00Z", event: "buy", value: 9.5, platform: "ios" },
];

describe("loadEvents", () => {
  it("loadEvents(db, rows) loads in-memory rows into the canonical table", async () => {
    const r = await loadEvents(db, TINY);
    expect(r.rowsRead).toBe(2);
    expect(r.rowsLoaded).toBe(2);
    expect(r.users).toBe(2);
    expect(r.files).toEqual(["rows"]);
    expect([r.minTime, r.maxTime]).toEqual([
      "2026-01-01T10:00:00.000Z",
      "2026-01-02T00:30:00.000Z",
    ]);
    expect(await events()).toEqual([
      { user_id: "u1", ts: "2026-01-01T10:00:00.000Z", event: "login", value: null },
      { user_id: "u2", ts: "2026-01-02T00:30:00.000Z", event: "buy", value: 9.5 },
    ]);
    const cols = await db.query(`DESCRIBE events`);
    expect(cols.map((c) => `${c.column_name} ${c.column_type} ${c.null}`)).toEqual([
      "user_id VARCHAR NO",
      "ts TIMESTAMP NO",
      "event VARCHAR NO",
      "value DOUBLE YES",
      "platform VARCHAR YES",
    ]);
  });

  it("loadEvents(db, rows with Date objects) stores the same UTC instants", async () => {
    await loadEvents(db, [
      { uid: 7, time: new Date(Date.UTC(2026, 0, 5, 23, 59, 59)), action: "x" },
    ]);
    expect(await events()).toEqual([
      { user_id: "7", ts: "2026-01-05T23:59:59.000Z", event: "x", value: null },
    ]);
  });

  it("loadEvents(csv with every kind of bad row) counts each reason and gives file, line, column, value", async () => {
    const f = write(
      "bad.csv",
      [
        "user_id,timestamp,event,value",
        "u1,2026-01-01 10:00:00,login,1.5", // 2 ok
        "", // 3 blank line: skipped by the reader
        ",2026-01-01 11:00:00,login,", // 4 missing user id
        "u2,yesterday,login,", // 5 unparseable time
        "u3,,login,", // 6 missing time
        "u4,2026-01-02 10:00:00,login,abc", // 7 non-numeric value
        "u5,2026-01-02 11:00:00", // 8 short line
        "u6,2026-01-02 12:00:00,,", // 9 missing event name
        "u7,2026-01-03 12:00:00,view,", // 10 ok, blank value = missing
      ].join("\n") + "\n",
    );
    const r = await loadEvents(db, f);
    expect(r.rowsRead).toBe(8);
    expect(r.rowsLoaded).toBe(2);
    expect(r.rejectedByReason).toEqual({
      [msg.reasons.missingUser]: 1,
      [msg.reasons.badTime]: 1,
      [msg.reasons.missingTime]: 1,
      [msg.reasons.badValue]: 1,
      [msg.reasons.shortLine]: 1,
      [msg.reasons.missingEvent]: 1,
    });
    const where = Object.fromEntries(
      r.examples.map((e) => [e.reason, [e.line, e.column, e.value]]),
    );
    expect(where).toEqual({
      [msg.reasons.missingUser]: [4, "user_id", ""],
      [msg.reasons.badTime]: [5, "timestamp", "yesterday"],
      [msg.reasons.missingTime]: [6, "timestamp", ""],
      [msg.reasons.badValue]: [7, "value", "abc"],
      [msg.reasons.shortLine]: [8, "event", "u5,2026-01-02 11:00:00"],
      [msg.reasons.missingEvent]: [9, "event", ""],
    });
    expect(r.examples.every((e) => e.file === f)).toBe(true);
  });

  it("loadEvents(tsv, semicolon, gz) sniffs the delimiter or takes it given", async () => {
    const body = (d: string) =>
      [
        `user_id${d}ts${d}event`,
        `a${d}2026-01-01T00:00:00Z${d}x`,
        `b${d}2026-01-01T00:00:01Z${d}y`,
      ].join("\n");
    for (const [name, text, delimiter] of [
      ["e.tsv", body("\t"), undefined],
      ["e2.tsv", body("\t"), "tab"],
      ["e.csv", body(";"), undefined],
      ["e2.csv", body(";"), ";"],
    ] as const) {
      const r = await loadEvents(
        db,
        write(name, text),
        delimiter === undefined ? {} : { delimiter },
      );
      expect(r.rowsLoaded, name).toBe(2);
      expect((await events()).map((e) => e.event)).toEqual(["x", "y"]);
    }
    const gz = write("e.csv.gz", zlib.gzipSync(body(",")));
    expect((await loadEvents(db, gz)).rowsLoaded).toBe(2);
  });

  it("loadEvents(jsonl and parquet) load typed columns the same way", async () => {
    const jl = write("e.jsonl", TINY.map((r) => JSON.stringify(r)).join("\n") + "\n");
    await loadEvents(db, jl);
    const fromJson = await events();
    const pq = path.join(dir, "e.parquet");
    await db.run(
      `COPY (SELECT user_id, CAST(ts AS TIMESTAMP) AS ts, event, value FROM events) TO '${pq}' (FORMAT parquet)`,
    );
    const r = await loadEvents(db, pq);
    expect(r.rowsLoaded).toBe(2);
    expect(await events()).toEqual(fromJson);
  });

  it("loadEvents(epoch seconds / milliseconds / offsets) sniffs the unit and converts to UTC", async () => {
    const cases: [string, string][] = [
      ["1767261600", "seconds"],
      ["1767261600000", "milliseconds"],
    ];
    for (const [v, unit] of cases) {
      const r = await loadEvents(db, write(`ep-${unit}.csv`, `user_id,ts\nu,${v}\n`));
      expect(r.notes).toContain(msg.noteEpoch("ts", unit));
      expect(r.minTime).toBe("2026-01-01T10:00:00.000Z");
    }
    const r = await loadEvents(db, write("tz.csv", "user_id,ts\nu,2026-01-01T12:00:00+02:00\n"));
    expect(r.minTime).toBe("2026-01-01T10:00:00.000Z");
    const f = await loadEvents(db, write("fmt.csv", "user_id,ts\nu,01/02/2026 10:00\n"), {
      timeFormat: "%d/%m/%Y %H:%M",
    });
    expect(f.minTime).toBe("2026-02-01T10:00:00.000Z");
  });

  it("loadEvents([file, glob]) loads several files and reports lines per file", async () => {
    const sub = path.join(dir, "many");
    fs.mkdirSync(sub);
    fs.writeFileSync(path.join(sub, "a.csv"), "user_id,ts\nu1,2026-01-01\n,2026-01-02\n");
    fs.writeFileSync(
      path.join(sub, "b.csv"),
      "user_id,ts\nu2,2026-01-03\nu3,2026-01-04\n,2026-01-05\n",
    );
    const r = await loadEvents(db, [path.join(sub, "*.csv")]);
    expect(r.files).toEqual([path.join(sub, "a.csv"), path.join(sub, "b.csv")]);
    expect(r.rowsRead).toBe(5);
    expect(r.rowsLoaded).toBe(3);
    expect(r.examples.map((e) => [path.basename(e.file), e.line])).toEqual([
      ["a.csv", 3],
      ["b.csv", 4],
    ]);
  });

  it("loadEvents(headerless, {columns}) names the columns", async () => {
    const r = await loadEvents(db, write("h.csv", "1,100,pv,1511544070\n2,101,buy,1511544071\n"), {
      columns: ["user", "item", "behavior", "ts"],
    });
    expect(r.rowsLoaded).toBe(2);
    expect((await db.query(`SELECT item FROM events ORDER BY ts`)).map((x) => x.item)).toEqual([
      "100",
      "101",
    ]);
  });

  it("loadEvents throws SegmentLabError naming file, column and value", async () => {
    const f = write("ok.csv", "uid,when,what\nu,2026-01-01,x\n");
    const missing = path.join(dir, "nope.csv");
    await expect(loadEvents(db, missing)).rejects.toThrow(
      new SegmentLabError(msg.fileNotFound(missing)),
    );
    const glob = path.join(dir, "none-*.csv");
    await expect(loadEvents(db, glob)).rejects.toThrow(msg.globMatchedNothing(glob));
    await expect(loadEvents(db, write("nouser.csv", "a,ts\n1,2026-01-01\n"))).rejects.toThrow(
      msg.columnNotFound(path.join(dir, "nouser.csv"), "user id", "--user-col", ["a", "ts"]),
    );
    await expect(loadEvents(db, f, { userCol: "user" })).rejects.toThrow(
      msg.namedColumnMissing(f, "user", "--user-col", ["uid", "when", "what"]),
    );
    const allBad = write("allbad.csv", "user_id,ts\n,2026-01-01\n,2026-01-02\n");
    await expect(loadEvents(db, allBad)).rejects.toThrow(msg.noRowsLeft([allBad], 2));
    const words = write("words.csv", "user_id,ts\nu,yesterday\n");
    await expect(loadEvents(db, words)).rejects.toThrow(
      msg.cannotParseTime(words, "ts", "yesterday"),
    );
    await expect(
      loadEvents(db, f, { userCol: "uid", timeCol: "when", timeFormat: "%Y%m%d" }),
    ).rejects.toThrow(msg.badTimeFormat(f, "when", "%Y%m%d", "2026-01-01"));
    await expect(loadEvents(db, f, { columns: ["a", "b"] })).rejects.toThrow(
      msg.columnCountMismatch(f, 2, 3),
    );
    await expect(loadEvents(db, [])).rejects.toThrow(msg.noInput("events"));
    await expect(loadEvents(db, f, { delimiter: "::" })).rejects.toThrow(
      new RangeError(msg.badDelimiter("::")),
    );
    await expect(loadEvents(db, [1 as unknown as Record<string, unknown>])).rejects.toThrow(
      new TypeError(msg.rowsNotObjects(0)),
    );
    await expect(
      loadEvents(db, write("clash.csv", "uid,ts,value2\nu,2026-01-01,1\n"), { properties: ["ts"] }),
    ).rejects.toThrow(SegmentLabError);
  });

  it("loadEvents(csv, {valueCol: 'Quantity*UnitPrice'}) multiplies, keeping negative quantities", async () => {
    const f = write(
      "inv.csv",
      "CustomerID,InvoiceDate,Quantity,UnitPrice\n1,2026-01-01,3,2.5\n1,2026-01-02,-1,2.5\n",
    );
    const r = await loadEvents(db, f, { valueCol: "Quantity*UnitPrice" });
    expect(r.rowsLoaded).toBe(2);
    expect((await events()).map((e) => e.value)).toEqual([7.5, -2.5]);
    const bad = write(
      "inv2.csv",
      "CustomerID,InvoiceDate,Quantity,UnitPrice\n1,2026-01-01,3,2.5\n1,2026-01-02,x,2.5\n",
    );
    const r2 = await loadEvents(db, bad, { valueFrom: ["Quantity", "UnitPrice"] });
    expect(r2.examples).toEqual([
      { file: bad, line: 3, column: "Quantity", value: "x", reason: msg.reasons.badValue },
    ]);
  });

  it("loadEvents replaces the events table on a second call", async () => {
    await loadEvents(db, TINY);
    await loadEvents(db, TINY.slice(0, 1));
    expect(await events()).toHaveLength(1);
  });
});

describe("inferColumn", () => {
  it("inferColumn(columns, role) matches names ignoring case and punctuation", () => {
    expect(inferColumn(["InvoiceNo", "InvoiceDate", "CustomerID"], "user")).toBe("CustomerID");
    expect(inferColumn(["InvoiceNo", "InvoiceDate", "CustomerID"], "time")).toBe("InvoiceDate");
    expect(inferColumn(["CUST_ID", "BALANCE"], "user")).toBe("CUST_ID");
    expect(inferColumn(["userId", "event_time", "event_name"], "event")).toBe("event_name");
    expect(inferColumn(["userId", "event_time"], "time")).toBe("event_time");
    expect(inferColumn(["a", "b"], "user")).toBeUndefined();
  });
});

describe("formatLoadReport", () => {
  it("formatLoadReport(report) prints counts, reasons with file:line, and notes", () => {
    const text = formatLoadReport({
      files: ["e.csv"],
      rowsRead: 1_200,
      rowsLoaded: 1_198,
      rejectedByReason: { "missing user id": 2 },
      examples: [
        { file: "e.csv", line: 14, column: "user_id", value: "", reason: "missing user id" },
        { file: "e.csv", line: 90, column: "user_id", value: "", reason: "missing user id" },
      ],
      users: 40,
      minTime: "2026-01-01T00:00:00.000Z",
      maxTime: "2026-03-31T23:00:00.000Z",
      notes: ["no event column: every row is one event kind, event = 'event'"],
    });
    expect(text).toBe(
      [
        "loaded e.csv: 1,200 rows read, 1,198 loaded, 40 users",
        "  time range 2026-01-01T00:00:00.000Z … 2026-03-31T23:00:00.000Z (UTC)",
        "  rejected 2 rows:",
        "    missing user id: 2",
        '      e.csv:14 column user_id value ""',
        '      e.csv:90 column user_id value ""',
        "  note: no event column: every row is one event kind, event = 'event'",
      ].join("\n"),
    );
  });
});

describe("loadUsageData", () => {
  it("loadUsageData({events, users}) loads both tables, kind 'events'", async () => {
    const users = write(
      "u.csv",
      "user_id,plan,signup_date,seats\nu1,pro,2025-01-01,3\nu2,free,2025-06-01,\n",
    );
    const r = await loadUsageData({ events: TINY, users }, { db });
    expect(r.kind).toBe("events");
    expect(r.eventsReport!.rowsLoaded).toBe(2);
    expect(r.usersReport!.rowsLoaded).toBe(2);
    const cols = await db.query(`DESCRIBE users`);
    expect(cols.map((c) => `${c.column_name} ${c.column_type}`)).toEqual([
      "user_id VARCHAR",
      "plan VARCHAR",
      "signup_date TIMESTAMP",
      "seats DOUBLE",
    ]);
  });

  it("loadUsageData needs exactly one of events and table", async () => {
    await expect(loadUsageData({}, { db })).rejects.toThrow(msg.tableNeedsInput());
    await expect(loadUsageData({ events: TINY, table: TINY }, { db })).rejects.toThrow(
      msg.tableNeedsInput(),
    );
  });
});
