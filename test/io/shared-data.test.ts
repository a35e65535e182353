import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/io/database.js";
import { loadEvents } from "../../src/io/load-events.js";
import { loadUsers } from "../../src/io/load-users.js";
import { loadUsageData } from "../../src/io/load-usage-data.js";
import * as msg from "../../src/io/messages.js";

const DATA = path.join(process.cwd(), "..", "shared", "data");
const n = (x: unknown) => Number(x);

let db: Database;
beforeEach(async () => {
  db = await openDatabase();
});
afterEach(() => db.close());

describe("every file in ../shared/data loads with its mapping (counts from SOURCE.md)", () => {
  it("loadEvents(CDNOW, {delimiter: 'whitespace'}) reads 69,659 purchases of 23,570 zero-padded ids", async () => {
    const file = path.join(DATA, "cdnow", "CDNOW_master.txt");
    const r = await loadEvents(db, file, { delimiter: "whitespace", valueCol: "dollar_value" });
    expect(r.rowsRead).toBe(69_659);
    expect(r.rowsLoaded).toBe(69_659);
    expect(r.rejectedByReason).toEqual({});
    expect(r.users).toBe(23_570);
    expect(r.minTime).toBe("1997-01-01T00:00:00.000Z");
    expect(r.maxTime).toBe("1998-06-30T00:00:00.000Z");
    expect(r.notes).toContain(msg.noteOneEventKind());
    expect(r.notes).toContain(msg.noteYmd("date"));
    const [s] = await db.query(
      `SELECT min(user_id) AS first, count(*) FILTER (WHERE value = 0) AS zeros,
        round(sum(value)) AS dollars, sum(CAST(number_of_cds AS INTEGER)) AS cds,
        count(DISTINCT event) AS kinds FROM events`,
    );
    expect(s!.first).toBe("00001");
    expect(n(s!.zeros)).toBe(80);
    expect(n(s!.cds)).toBe(167_881);
    expect(n(s!.dollars)).toBeGreaterThan(2_490_000);
    expect(n(s!.dollars)).toBeLessThan(2_510_000);
    expect(n(s!.kinds)).toBe(1);
  });

  it("loadEvents(CDNOW, {timeFormat: '%Y%m%d'}) gives the same times as the sniffed format", async () => {
    const file = path.join(DATA, "cdnow", "CDNOW_master.txt");
    const r = await loadEvents(db, file, {
      delimiter: "whitespace",
      userCol: "customer_id",
      timeCol: "date",
      timeFormat: "%Y%m%d",
      properties: [],
    });
    expect(r.rowsLoaded).toBe(69_659);
    const cols = await db.query(`DESCRIBE events`);
    expect(cols.map((c) => c.column_name)).toEqual(["user_id", "ts", "event", "value"]);
    const [s] = await db.query(
      `SELECT count(*) FILTER (WHERE ts = TIMESTAMP '1997-01-01') AS d FROM events`,
    );
    expect(n(s!.d)).toBeGreaterThan(0);
  });

  it("loadEvents(Online Retail glob, {valueFrom}) rejects-and-counts 135,080 lines without CustomerID", async () => {
    const r = await loadEvents(db, path.join(DATA, "online-retail-uci", "online_retail_*.csv.gz"), {
      valueFrom: ["Quantity", "UnitPrice"],
    });
    expect(r.files).toHaveLength(13);
    expect(r.rowsRead).toBe(541_909);
    expect(r.rejectedByReason).toEqual({ [msg.reasons.missingUser]: 135_080 });
    expect(r.rowsLoaded).toBe(541_909 - 135_080);
    expect(r.users).toBe(4_372);
    expect(r.minTime).toBe("2010-12-01T08:26:00.000Z");
    expect(r.maxTime).toBe("2011-12-09T12:50:00.000Z");
    // First offending line: 536414,22139,,56,2010-12-01 11:52:00,0,,United Kingdom (line 624).
    expect(r.examples[0]).toEqual({
      file: path.join(DATA, "online-retail-uci", "online_retail_2010-12.csv.gz"),
      line: 624,
      column: "CustomerID",
      value: "",
      reason: msg.reasons.missingUser,
    });
    expect(r.examples).toHaveLength(10);
    // Cancellations keep their negative quantity: value = Quantity * UnitPrice < 0.
    const [s] = await db.query(
      `SELECT count(*) FILTER (WHERE value < 0) AS neg, count(*) FILTER (WHERE InvoiceNo LIKE 'C%') AS canc,
        count(DISTINCT Country) AS countries FROM events`,
    );
    expect(n(s!.neg)).toBeGreaterThan(8_000);
    expect(n(s!.canc)).toBe(n(s!.neg));
    expect(n(s!.countries)).toBe(37);
  });

  it("loadEvents(Taobao, {columns}) rejects the truncated last line 84476 and keeps 815 users", async () => {
    const file = path.join(DATA, "taobao-userbehavior-head", "UserBehavior_head.csv");
    const r = await loadEvents(db, file, {
      columns: ["user", "item", "category", "behavior", "ts"],
      properties: ["item", "category"],
    });
    expect(r.rowsRead).toBe(84_476);
    expect(r.rowsLoaded).toBe(84_475);
    expect(r.rejectedByReason).toEqual({ [msg.reasons.shortLine]: 1 });
    expect(r.examples).toEqual([
      {
        file,
        line: 84_476,
        column: "ts",
        value: "100370,1968385,1875258,pv",
        reason: msg.reasons.shortLine,
      },
    ]);
    expect(r.users).toBe(815);
    expect(r.notes).toContain(msg.noteEpoch("ts", "seconds"));
    expect(r.minTime).toBe("2017-09-11T08:16:39.000Z");
    const mix = await db.query(`SELECT event, count(*) AS c FROM events GROUP BY 1 ORDER BY 1`);
    expect(mix.map((m) => [m.event, n(m.c)])).toEqual([
      ["buy", 1_750],
      ["cart", 4_497],
      ["fav", 2_356],
      ["pv", 75_872],
    ]);
  });

  it("loadUsageData({table: cc-general}) loads 8,950 card holders, 18 columns, blanks counted", async () => {
    const r = await loadUsageData(
      { table: path.join(DATA, "cc-general", "CC GENERAL.csv"), tableId: "CUST_ID" },
      { db },
    );
    expect(r.kind).toBe("table");
    expect(r.usersReport!.rowsLoaded).toBe(8_950);
    const cols = await db.query(`DESCRIBE users`);
    expect(cols).toHaveLength(18);
    expect(cols.filter((c) => c.column_type === "DOUBLE")).toHaveLength(17);
    const file = path.join(DATA, "cc-general", "CC GENERAL.csv");
    expect(r.usersReport!.notes).toEqual([
      msg.noteBlankCells("CREDIT_LIMIT", 1, `at ${file}:5205`),
      msg.noteBlankCells("MINIMUM_PAYMENTS", 313, `first at ${file}:5, ${file}:47, ${file}:49`),
    ]);
    const [s] = await db.query(
      `SELECT count(*) - count(MINIMUM_PAYMENTS) AS mp, count(*) - count(CREDIT_LIMIT) AS cl FROM users`,
    );
    expect([n(s!.mp), n(s!.cl)]).toEqual([313, 1]);
  });

  it("loadUsageData({table: telco}) reads TotalCharges ' ' as missing (11, first at line 490)", async () => {
    const file = path.join(DATA, "telco-churn", "WA_Fn-UseC_-Telco-Customer-Churn.csv");
    const r = await loadUsageData({ table: file, tableId: "customerID" }, { db });
    expect(r.usersReport!.rowsLoaded).toBe(7_043);
    expect(r.usersReport!.notes[0]).toBe(
      msg.noteBlankCells("TotalCharges", 11, `first at ${file}:490, ${file}:755, ${file}:938`),
    );
    const [s] = await db.query(
      `SELECT typeof(TotalCharges) AS t, count(*) - count(TotalCharges) AS miss,
        count(*) FILTER (WHERE Churn = 'Yes') AS churn FROM users GROUP BY 1`,
    );
    expect(s).toEqual({ t: "DOUBLE", miss: 11n, churn: 1_869n });
  });

  it("loadUsers(wholesale) numbers the 440 rows as ids (no id column); Channel 298 / 142", async () => {
    const r = await loadUsers(
      db,
      path.join(DATA, "wholesale-customers", "Wholesale_customers_data.csv"),
    );
    expect(r.rowsLoaded).toBe(440);
    expect(r.notes).toEqual([msg.noteRowIds()]);
    const rows = await db.query(`SELECT Channel, count(*) AS c FROM users GROUP BY 1 ORDER BY 1`);
    expect(rows).toEqual([
      { Channel: 1, c: 298n },
      { Channel: 2, c: 142n },
    ]);
    const [last] = await db.query(`SELECT user_id, Fresh FROM users WHERE user_id = '440'`);
    expect(last).toEqual({ user_id: "440", Fresh: 2787 });
  });

  it("loadUsers(penguins, {idCol: 'rownames'}) keeps blank cells as NULL: 2 measurements, 11 sex", async () => {
    const r = await loadUsers(db, path.join(DATA, "ground-truth-classics", "penguins.csv"), {
      idCol: "rownames",
    });
    expect(r.rowsLoaded).toBe(344);
    const [s] = await db.query(
      `SELECT count(*) - count(bill_length_mm) AS bl, count(*) - count(sex) AS sex,
        count(*) FILTER (WHERE species = 'Adelie') AS adelie, typeof(any_value(body_mass_g)) AS t FROM users`,
    );
    expect(s).toEqual({ bl: 2n, sex: 11n, adelie: 152n, t: "DOUBLE" });
    expect(r.notes.some((x) => x.startsWith("sex: 11 blank cells"))).toBe(true);
  });

  it.each([
    ["iris.csv", ["sepal_length", "sepal_width", "petal_length", "petal_width", "class"], 150],
    [
      "wheat-seeds.csv",
      ["area", "perimeter", "compactness", "length", "width", "asymmetry", "groove", "class"],
      210,
    ],
    ["wine.csv", [...Array.from({ length: 13 }, (_, i) => `x${i + 1}`), "class"], 178],
  ])("loadUsers(%s, {columns}) reads the headerless file", async (name, columns, rows) => {
    const r = await loadUsers(db, path.join(DATA, "ground-truth-classics", name), { columns });
    expect(r.rowsLoaded).toBe(rows);
    const cols = await db.query(`DESCRIBE users`);
    expect(cols.map((c) => c.column_name)).toEqual(["user_id", ...columns]);
  });
});
