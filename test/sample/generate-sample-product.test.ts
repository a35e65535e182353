import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EVENT_CATALOG,
  generateSampleProduct,
  PERSONAS,
  personaCounts,
  writeSampleProduct,
} from "../../src/sample/index.js";
import * as msg from "../../src/sample/messages.js";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "segmentlab-sample-test-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const read = (p: string) => fs.readFileSync(p);

describe("generateSampleProduct", () => {
  it("personaCounts(2000) plants exact persona sizes that sum to the users", () => {
    expect(personaCounts(2000)).toEqual({
      power_user: 200,
      steady_weekly: 480,
      new_explorer: 240,
      declining: 280,
      dormant: 280,
      weekend_casual: 260,
      high_value_buyer: 260,
    });
    const c = personaCounts(1001);
    expect(Object.values(c).reduce((a, b) => a + b, 0)).toBe(1001);
  });

  it("generateSampleProduct({users: 700}) assigns every user one planted persona with those counts", () => {
    const p = generateSampleProduct({ users: 700, seed: 3 });
    expect(p.groundTruth).toHaveLength(700);
    expect(p.users.map((u) => u.user_id)).toEqual(p.groundTruth.map((g) => g.user_id));
    const counts = Object.fromEntries(PERSONAS.map((x) => [x, 0]));
    for (const g of p.groundTruth) counts[g.persona]! += 1;
    expect(counts).toEqual(personaCounts(700));
  });

  it("generateSampleProduct() streams ≥ 20 event kinds, in time order, inside the 90-day window", () => {
    const p = generateSampleProduct({ users: 300, seed: 5 });
    expect(p.window).toEqual({ from: "2026-01-01", to: "2026-04-01" });
    expect(p.eventKinds).toEqual(EVENT_CATALOG.slice(0, 24));
    const kinds = new Set<string>();
    let prev = "";
    let n = 0;
    const active = new Set<string>();
    let outOfOrder = 0;
    let outside = 0;
    let badValue = 0;
    const purchase = new Set(["upgrade_plan", "purchase_credits", "buy_addon"]);
    for (const e of p.events) {
      n++;
      kinds.add(e.event);
      active.add(e.user_id);
      if (e.timestamp < prev) outOfOrder++;
      prev = e.timestamp;
      if (e.timestamp < "2026-01-01T00:00:00Z" || e.timestamp >= "2026-04-01T00:00:00Z") outside++;
      // Only purchase kinds carry money.
      if ((e.value === null) === purchase.has(e.event)) badValue++;
    }
    expect([outOfOrder, outside, badValue]).toEqual([0, 0, 0]);
    expect(kinds.size).toBeGreaterThanOrEqual(20);
    expect(active.size).toBe(300); // every persona, dormant included, shows up at least once
    expect(Math.abs(n - p.expectedEvents) / p.expectedEvents).toBeLessThan(0.1);
    // The iterable regenerates the same stream.
    expect([...p.events].length).toBe(n);
  });

  it("generateSampleProduct({events}) scales the log to about that many events", () => {
    const p = generateSampleProduct({ users: 400, events: 20_000, eventKinds: 30, seed: 9 });
    let n = 0;
    const kinds = new Set<string>();
    for (const e of p.events) {
      n++;
      kinds.add(e.event);
    }
    expect(Math.abs(n - 20_000) / 20_000).toBeLessThan(0.05);
    expect(kinds.size).toBeGreaterThan(24);
  });

  it("generateSampleProduct() leaves the survey unanswered for most users, expertise in 1…5", () => {
    const p = generateSampleProduct({ users: 1000, seed: 42 });
    const answered = p.users.filter((u) => u.survey_goal !== null);
    expect(answered.length).toBeGreaterThan(100);
    expect(answered.length).toBeLessThan(300);
    expect(answered.every((u) => u.survey_expertise! >= 1 && u.survey_expertise! <= 5)).toBe(true);
    expect(
      p.users.filter((u) => u.survey_goal === null).every((u) => u.survey_expertise === null),
    ).toBe(true);
  });

  it("generateSampleProduct rejects bad options with RangeError", () => {
    expect(() => generateSampleProduct({ users: 0 })).toThrow(new RangeError(msg.badUsers(0)));
    expect(() => generateSampleProduct({ eventKinds: 19 })).toThrow(
      new RangeError(msg.badEventKinds(19, 40)),
    );
    expect(() => generateSampleProduct({ days: 7 })).toThrow(new RangeError(msg.badDays(7)));
    expect(() => generateSampleProduct({ start: "Jan 1" })).toThrow(
      new RangeError(msg.badStart("Jan 1")),
    );
    expect(() => generateSampleProduct({ events: -1 })).toThrow(new RangeError(msg.badEvents(-1)));
  });
});

describe("writeSampleProduct", () => {
  it("writeSampleProduct(dir, {seed}) writes the same bytes twice, and other bytes for another seed", async () => {
    const a = await writeSampleProduct(path.join(dir, "a"), { users: 150, seed: 7 });
    const b = await writeSampleProduct(path.join(dir, "b"), { users: 150, seed: 7 });
    const c = await writeSampleProduct(path.join(dir, "c"), { users: 150, seed: 8 });
    expect(a.files.map((f) => path.basename(f))).toEqual([
      "events.csv.gz",
      "users.csv",
      "ground_truth.csv",
    ]);
    for (let i = 0; i < 3; i++) expect(read(a.files[i]!).equals(read(b.files[i]!))).toBe(true);
    expect(read(a.files[0]!).equals(read(c.files[0]!))).toBe(false);
    const lines = zlib.gunzipSync(read(a.files[0]!)).toString().trim().split("\n");
    expect(lines[0]).toBe("user_id,timestamp,event,platform,value");
    expect(lines.length - 1).toBe(a.events);
    expect(fs.readFileSync(a.files[1]!, "utf8").split("\n")[0]).toBe(
      "user_id,signup_date,plan,country,company_size,platform,survey_goal,survey_expertise",
    );
    expect(fs.readFileSync(a.files[2]!, "utf8").split("\n")[0]).toBe("user_id,persona");
    expect(fs.readdirSync(path.join(dir, "a")).sort()).toEqual([
      "events.csv.gz",
      "ground_truth.csv",
      "users.csv",
    ]);
  });

  it("writeSampleProduct(dir, {format: 'parquet'}) writes the same events as the CSV", async () => {
    const w = await writeSampleProduct(path.join(dir, "pq"), {
      users: 100,
      seed: 7,
      format: "parquet",
    });
    expect(path.basename(w.files[0]!)).toBe("events.parquet");
    const csv = await writeSampleProduct(path.join(dir, "csv"), {
      users: 100,
      seed: 7,
      gzip: false,
    });
    expect(path.basename(csv.files[0]!)).toBe("events.csv");
    expect(w.events).toBe(csv.events);
    await expect(writeSampleProduct(dir, { format: "xlsx" as "csv" })).rejects.toThrow(
      msg.badFormat("xlsx"),
    );
  });

  it("data/sample is what the generator makes with seed 42 and 2000 users (users and ground truth)", () => {
    const p = generateSampleProduct({ users: 2000, seed: 42 });
    const sample = path.join(process.cwd(), "data", "sample");
    const truth = fs.readFileSync(path.join(sample, "ground_truth.csv"), "utf8");
    expect(truth).toBe(
      ["user_id,persona", ...p.groundTruth.map((g) => `${g.user_id},${g.persona}`)].join("\n") +
        "\n",
    );
    const users = fs.readFileSync(path.join(sample, "users.csv"), "utf8").split("\n");
    expect(users[1]!.split(",")[0]).toBe(p.users[0]!.user_id);
    expect(users.length - 2).toBe(2000);
    const total = ["events.csv.gz", "users.csv", "ground_truth.csv"]
      .map((f) => fs.statSync(path.join(sample, f)).size)
      .reduce((a, b) => a + b, 0);
    expect(total).toBeLessThan(5 * 1024 * 1024);
  });
});
