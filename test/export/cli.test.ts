import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { exportSql } from "../../src/export/export-sql.js";
import * as exportMsg from "../../src/export/messages.js";
import * as ioMessages from "../../src/io/messages.js";
import {
  ACTIVATION_FILES,
  ACTIVATION_FORMATS,
  parseActivationFormats,
  segmentFolderName,
} from "../../src/export/write-segments-folder.js";
import type { Database } from "../../src/io/database.js";
import { assign, type Assignments } from "../../src/model/assign.js";
import { saveSegmentModel } from "../../src/model/parse-segment-model.js";
import type { SegmentModel } from "../../src/model/schema.js";
import { assignmentsToCsv } from "../../src/model/write-assignments.js";
import {
  fitFixtureModel,
  openFixtureDb,
  type EventRow,
  type UserRow,
} from "../fixtures/export/make-model.js";
import { handModel } from "../fixtures/export/hand-model.js";

let dir: string;
let db: Database;
let model: SegmentModel;
let inProcess: Assignments;
let modelFile: string;
let eventsFile: string;
let usersFile: string;

function csv(rows: (EventRow | UserRow)[]): string {
  const cols = Object.keys(rows[0]!);
  const cell = (v: unknown) =>
    v === null ? "" : /[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v);
  return `${cols.join(",")}\n${rows.map((r) => cols.map((c) => cell((r as unknown as Record<string, unknown>)[c])).join(",")).join("\n")}\n`;
}

/** Runs the CLI in-process; returns exit code, stdout and stderr. */
async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
  try {
    const code = await main(["node", "segmentlab", ...args]);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "segmentlab-cli-"));
  const fixture = await openFixtureDb(6, 60);
  db = fixture.db;
  ({ model } = await fitFixtureModel(db, { k: 3 }));
  inProcess = await assign(model, db);
  modelFile = path.join(dir, "model.json");
  saveSegmentModel(modelFile, model);
  eventsFile = path.join(dir, "events.csv");
  usersFile = path.join(dir, "users.csv");
  fs.writeFileSync(eventsFile, csv(fixture.log.events));
  fs.writeFileSync(usersFile, csv(fixture.log.users));
});
afterAll(() => {
  db?.close();
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
});

describe("segmentlab assign", () => {
  it("segmentlab assign model.json EVENTS --users U --out a.csv equals the in-process assign", async () => {
    const out = path.join(dir, "a.csv");
    const r = await run(
      "assign",
      modelFile,
      eventsFile,
      "--users",
      usersFile,
      "--user-col",
      "user_id",
      "--time-col",
      "ts",
      "--event-col",
      "event",
      "--value-col",
      "value",
      "--out",
      out,
    );
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(fs.readFileSync(out, "utf8")).toBe(assignmentsToCsv(inProcess));
    expect(r.out).toMatch(/^assigned 60 users to 3 segments/);
  });

  it("segmentlab assign refuses to overwrite an input file", async () => {
    const r = await run("assign", modelFile, eventsFile, "--users", usersFile, "--out", eventsFile);
    expect(r.code).toBe(2);
    expect(r.err).toContain("refusing to overwrite an input file");
  });
});

describe("segmentlab export", () => {
  it("segmentlab export model.json --sql --dialect postgres prints exportSql to standard output", async () => {
    const r = await run("export", modelFile, "--sql", "--dialect", "postgres");
    expect(r.code).toBe(0);
    expect(r.out).toBe(exportSql(model, { dialect: "postgres" }));
  });

  it("segmentlab export --events-table schema.table --user-column uid --out FILE writes the same SQL as the API", async () => {
    const out = path.join(dir, "a.sql");
    const r = await run(
      "export",
      modelFile,
      "--dialect",
      "bigquery",
      "--events-table",
      "analytics.events",
      "--user-column",
      "uid",
      "--out",
      out,
    );
    expect(r.code).toBe(0);
    expect(fs.readFileSync(out, "utf8")).toBe(
      exportSql(model, {
        dialect: "bigquery",
        eventsTable: ["analytics", "events"],
        usersTable: ["users"],
        columns: { userId: "uid" },
      }),
    );
  });

  it("segmentlab export --dialect oracle fails with the list of dialects", async () => {
    const r = await run("export", modelFile, "--dialect", "oracle");
    expect(r.code).toBe(2);
    expect(r.err).toContain('dialect "oracle" is not supported');
  });

  it("segmentlab export --rules-json on a model without rules says so", async () => {
    const r = await run("export", modelFile, "--rules-json");
    expect(r.code).toBe(2);
    expect(r.err).toContain(exportMsg.noRules());
  });

  it("segmentlab export --rules-sql --dialect spark prints the CASE with persona names", async () => {
    const f = path.join(dir, "hand.json");
    saveSegmentModel(f, handModel());
    const r = await run("export", f, "--rules-sql", "--dialect", "spark");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^CASE\n {2}WHEN \(`active_days` >= CAST\('4\.5' AS DOUBLE\)\) THEN 'Power Users'/,
    );
  });

  it("segmentlab export --segments DIR writes the documented folder with per-tool headers", async () => {
    const seg = path.join(dir, "segments");
    const r = await run(
      "export",
      modelFile,
      "--segments",
      seg,
      eventsFile,
      "--users",
      usersFile,
      "--activation",
      "posthog,amplitude,mixpanel,ids",
    );
    expect(r.code, r.err).toBe(0);
    const folders = model.kmeans.centroids.map((_, i) =>
      segmentFolderName(i, inProcess.persona[inProcess.segmentId.indexOf(i)] ?? `Segment ${i}`),
    );
    expect(fs.readdirSync(seg).sort()).toEqual(
      [
        ...folders,
        "README.md",
        "assignments.csv",
        "manifest.json",
        "segments.csv",
        "segments.json",
      ].sort(),
    );
    const summaries = JSON.parse(fs.readFileSync(path.join(seg, "segments.json"), "utf8"));
    expect(
      summaries.map((s: { size: number }) => s.size).reduce((a: number, b: number) => a + b, 0),
    ).toBe(60);
    for (let s = 0; s < folders.length; s++) {
      const ids = inProcess.userId.filter((_, i) => inProcess.segmentId[i] === s);
      for (const f of ACTIVATION_FILES) {
        const lines = fs
          .readFileSync(path.join(seg, folders[s]!, f.file), "utf8")
          .trimEnd()
          .split("\n");
        expect(lines[0]).toBe(f.header.join(","));
        expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(ids);
      }
    }
    expect(
      fs
        .readFileSync(path.join(seg, folders[0]!, "posthog.csv"), "utf8")
        .startsWith("distinct_id\n"),
    ).toBe(true);
    expect(
      fs.readFileSync(path.join(seg, folders[1]!, "mixpanel.csv"), "utf8").split("\n")[1],
    ).toMatch(/^u\d{4},Buyers$/);
    // Rewriting replaces the folder; the default writes the generic id list only.
    expect(
      (await run("export", modelFile, "--segments", seg, eventsFile, "--users", usersFile)).code,
    ).toBe(0);
    expect(fs.readdirSync(path.join(seg, folders[0]!))).toEqual(["users.csv"]);
    const unknown = await run(
      "export",
      modelFile,
      "--segments",
      seg,
      eventsFile,
      "--users",
      usersFile,
      "--activation",
      "posthog,braze",
    );
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain(exportMsg.unknownActivationFormat("braze", ACTIVATION_FORMATS));
    // A foreign non-empty folder is refused.
    const foreign = path.join(dir, "foreign");
    fs.mkdirSync(foreign);
    fs.writeFileSync(path.join(foreign, "notes.txt"), "keep me");
    const bad = await run(
      "export",
      modelFile,
      "--segments",
      foreign,
      eventsFile,
      "--users",
      usersFile,
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(ioMessages.foreignFiles(foreign, ["notes.txt"]));
    expect(fs.readFileSync(path.join(foreign, "notes.txt"), "utf8")).toBe("keep me");
  });
});

describe("parseActivationFormats", () => {
  it("parseActivationFormats(text) keeps the known formats once, in file order, and names an unknown one", () => {
    expect(parseActivationFormats("mixpanel, ids,IDS")).toEqual(["ids", "mixpanel"]);
    expect(parseActivationFormats("posthog,amplitude,mixpanel,ids")).toEqual([
      "ids",
      "posthog",
      "amplitude",
      "mixpanel",
    ]);
    expect(() => parseActivationFormats("posthog,csv")).toThrow(
      exportMsg.unknownActivationFormat("csv", ACTIVATION_FORMATS),
    );
    expect(() => parseActivationFormats(" , ")).toThrow(
      exportMsg.unknownActivationFormat(" , ", ACTIVATION_FORMATS),
    );
  });
});
