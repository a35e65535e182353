import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { featureMessages as msg } from "../../src/features/index.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "segmentlab-cli-features-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const events = path.join(dir, "events.csv");
fs.writeFileSync(
  events,
  "user_id,timestamp,event,value\n" +
    "a,2024-01-01T23:50:00Z,login,\n" +
    "a,2024-01-02T00:10:00Z,buy,10\n" +
    "b,2024-01-06T12:00:00Z,login,\n",
);
const users = path.join(dir, "users.csv");
fs.writeFileSync(users, "user_id,plan,signup_date\na,pro,2023-12-01\nb,free,2023-12-15\n");

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
  const code = await main(["node", "segmentlab", "features", ...args]);
  vi.restoreAllMocks();
  return { code, out, err };
}

describe("segmentlab features", () => {
  it("segmentlab features EVENTS --users --out f.csv infers a spec and writes the table", async () => {
    const out = path.join(dir, "f.csv");
    const r = await run(events, "--users", users, "--out", out);
    expect(r.code).toBe(0);
    expect(r.err).toContain("events: " + events + ": 3 rows read, 3 loaded, 2 users");
    expect(r.err).toContain(`wrote ${out}: 2 users × 28 features + 1 attribute (plan)`);
    const lines = fs.readFileSync(out, "utf8").trim().split("\n");
    expect(lines).toHaveLength(3);
    const header = lines[0]!.split(",");
    const a = Object.fromEntries(header.map((h, i) => [h, lines[1]!.split(",")[i]]));
    expect(a).toMatchObject({
      user_id: "a",
      events: "2",
      median_session_minutes: "20",
      tenure_days: "36.5", // signup 2023-12-01 → window end 2024-01-06 12:00
      value_sum: "10",
      plan: "pro",
    });
  });

  it("segmentlab features --print-spec prints a spec that --spec accepts", async () => {
    const r = await run(events, "--print-spec");
    expect(r.code).toBe(0);
    const spec = JSON.parse(r.out) as { families: Record<string, unknown> };
    expect(Object.keys(spec.families)).toContain("value");
    const specFile = path.join(dir, "spec.json");
    fs.writeFileSync(specFile, JSON.stringify({ families: { activity: {} } }));
    const out = path.join(dir, "g.parquet");
    const r2 = await run(events, "--spec", specFile, "--out", out);
    expect(r2.code).toBe(0);
    expect(r2.err).toContain(`wrote ${out}: 2 users × 3 features`);
    expect(fs.existsSync(out)).toBe(true);
  });

  it("segmentlab features reports a bad spec and refuses to overwrite an input", async () => {
    const specFile = path.join(dir, "bad.json");
    fs.writeFileSync(specFile, JSON.stringify({ window: { lastDays: 0 } }));
    const r = await run(events, "--spec", specFile);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `segmentlab: error: ${msg.specInvalid(specFile, "window.lastDays", "Too small: expected number to be >0", 0)}\n`,
    );
    const r2 = await run(events, "--out", events);
    expect(r2.code).toBe(2);
    expect(r2.err).toContain(`segmentlab: error: ${msg.outputIsInput(events)}`);
  });

  it("segmentlab features --help shows examples", async () => {
    const r = await run("--help");
    expect(r.code).toBe(0);
    expect(r.out).toContain("--print-spec");
    expect(r.out).toContain("$ segmentlab features events.csv --print-spec > spec.json");
  });
});
