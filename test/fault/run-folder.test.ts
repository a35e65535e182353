import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../src/io/csv.js";
import * as ioMsg from "../../src/io/messages.js";
import {
  checkInputsOutside,
  cleanStaleSiblings,
  MANIFEST_FILE,
  replaceFolder,
  verifyFolder,
} from "../../src/io/output-folder.js";
import { parseAssignmentsCsv } from "../../src/model/write-assignments.js";
import * as personaMsg from "../../src/persona/messages.js";
import type { DiscoverResult } from "../../src/pipeline.js";
import { regenerateRunFolder, verifyRunFolder, writeRunFolder } from "../../src/run-folder.js";
import { hashTree, HOSTILE_IDS, quickRun, tempDir } from "./helpers.js";

let run: DiscoverResult;

beforeAll(async () => {
  run = await quickRun();
});

function readAssignments(dir: string) {
  const f = path.join(dir, "assignments.csv");
  return parseAssignmentsCsv(fs.readFileSync(f, "utf8"), f);
}

describe("writeRunFolder: one unit", () => {
  it("writeRunFolder(run, dir) writes manifest.json listing every file with its hash", async () => {
    const dir = path.join(tempDir(), "run");
    const { runId } = await writeRunFolder(run, dir);
    const m = verifyFolder(dir);
    expect(m.runId).toBe(runId);
    expect(m.files.map((f) => f.path)).toContain("assignments.csv");
    expect(m.files.map((f) => f.path)).toContain("segments/manifest.json");
    expect(JSON.parse(fs.readFileSync(path.join(dir, "model.json"), "utf8")).runId).toBe(runId);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "report-input.json"), "utf8")).runId).toBe(
      runId,
    );
    // Not 0700 (mkdtemp's mode): the folder gets the umask's usual permissions.
    expect(fs.statSync(dir).mode & 0o777).toBe(0o777 & ~process.umask());
    expect(fs.statSync(path.join(dir, "segments")).mode & 0o777).toBe(0o777 & ~process.umask());
  });

  it("writeRunFolder(run, dir) twice gives byte-identical folders (a deterministic run id)", async () => {
    const a = path.join(tempDir(), "run");
    const b = path.join(tempDir(), "run");
    await writeRunFolder(run, a);
    await writeRunFolder(run, b);
    expect(hashTree(a)).toEqual(hashTree(b));
  });

  it("writeRunFolder(run, dir, {report: false}) over a folder with a report leaves no stale report.html", async () => {
    const dir = path.join(tempDir(), "run");
    await writeRunFolder(run, dir);
    expect(fs.existsSync(path.join(dir, "report.html"))).toBe(true);
    await writeRunFolder(run, dir, { report: false });
    expect(fs.existsSync(path.join(dir, "report.html"))).toBe(false);
    expect(fs.existsSync(path.join(dir, "report-input.json"))).toBe(false);
    verifyRunFolder(dir);
  });

  it("writeRunFolder(run, dir) refuses a folder holding a file it did not write, and leaves it alone", async () => {
    const dir = path.join(tempDir(), "run");
    await writeRunFolder(run, dir);
    fs.writeFileSync(path.join(dir, "notes.txt"), "mine");
    const before = hashTree(dir);
    await expect(writeRunFolder(run, dir)).rejects.toThrow(ioMsg.foreignFiles(dir, ["notes.txt"]));
    expect(hashTree(dir)).toEqual(before);
    const other = path.join(tempDir(), "plain");
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, "segments.json"), "{}");
    await expect(writeRunFolder(run, other)).rejects.toThrow(
      ioMsg.foreignFiles(other, ["segments.json"]),
    );
  });

  it("writeRunFolder(run, dir) replaces a run folder written before manifests, but not one with a foreign file", async () => {
    const dir = path.join(tempDir(), "run");
    await writeRunFolder(run, dir);
    for (const m of [MANIFEST_FILE, `segments/${MANIFEST_FILE}`]) fs.rmSync(path.join(dir, m));
    await writeRunFolder(run, dir, { report: false });
    verifyRunFolder(dir);
    for (const m of [MANIFEST_FILE, `segments/${MANIFEST_FILE}`]) fs.rmSync(path.join(dir, m));
    fs.writeFileSync(path.join(dir, "segments", "mine.csv"), "x");
    await expect(writeRunFolder(run, dir)).rejects.toThrow(/holds files SegmentLab did not write/);
    expect(fs.readFileSync(path.join(dir, "segments", "mine.csv"), "utf8")).toBe("x");
  });

  it("writeRunFolder(run, dir, {inputs}) refuses an input inside dir before writing anything", async () => {
    const root = tempDir();
    const dir = path.join(root, "out");
    const input = path.join(dir, "segments", "events.csv");
    fs.mkdirSync(path.dirname(input), { recursive: true });
    fs.writeFileSync(input, "user_id,ts\n");
    const before = hashTree(root);
    await expect(writeRunFolder(run, dir, { inputs: [input] })).rejects.toThrow(
      ioMsg.inputInsideOutput(input, dir),
    );
    expect(hashTree(root)).toEqual(before);
    // A symbolic link into the folder is the same input.
    const link = path.join(root, "link.csv");
    fs.symlinkSync(input, link);
    expect(() => checkInputsOutside([dir], [link])).toThrow(ioMsg.inputInsideOutput(link, dir));
    expect(() => checkInputsOutside([dir], [path.join(root, "outside.csv")])).not.toThrow();
  });

  it("writeRunFolder(run, dir) round-trips hostile ids (newline, CR, comma, quote) into assignments and cohort files", async () => {
    const dir = path.join(tempDir(), "run");
    await writeRunFolder(run, dir);
    const a = readAssignments(dir);
    expect(a.userId).toHaveLength(150);
    for (const id of HOSTILE_IDS) expect(a.userId).toContain(id);
    const seg = JSON.parse(fs.readFileSync(path.join(dir, "segments/segments.json"), "utf8"));
    let total = 0;
    for (const s of seg as { folder: string }[]) {
      const f = path.join(dir, "segments", s.folder, "users.csv");
      const ids = parseAssignmentsCsvIds(f);
      total += ids.length;
      for (const id of ids) expect(a.userId).toContain(id);
    }
    expect(total).toBe(150);
  });

  it("writeRunFolder(run, dir, {spreadsheetSafe: true}) writes formula-like ids with a leading quote", async () => {
    const dir = path.join(tempDir(), "run");
    await writeRunFolder(run, dir, { spreadsheetSafe: true });
    const text = fs.readFileSync(path.join(dir, "assignments.csv"), "utf8");
    expect(text).toContain("\n'=cmd|' /C calc'!A0,");
    expect(text).toContain("\n'+1,");
    expect(text).toContain("\n'@SUM(A1),");
    expect(text).not.toMatch(/\n[=+@]/);
  });
});

function parseAssignmentsCsvIds(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  // users.csv has one column; parse it with the one CSV reader.
  return parseCsvRows(text, file).map((r) => r[0]!);
}

function parseCsvRows(text: string, file: string): string[][] {
  return parseCsv(text, file).rows;
}

describe("regenerateRunFolder: readers check the run", () => {
  it("regenerateRunFolder(dir, {rename}) twice with quotes and commas keeps one row per user", async () => {
    const dir = path.join(tempDir(), "run");
    await writeRunFolder(run, dir);
    await regenerateRunFolder(dir, { rename: { segment: 0, name: 'Power, "Users"' } });
    await regenerateRunFolder(dir, { rename: { segment: 1, name: "Second" } });
    const a = readAssignments(dir);
    expect(a.userId).toHaveLength(150);
    for (let i = 0; i < a.userId.length; i++) {
      if (a.segmentId[i] === 0) expect(a.persona[i]).toBe('Power, "Users"');
      if (a.segmentId[i] === 1) expect(a.persona[i]).toBe("Second");
      expect(Number.isFinite(a.distance[i]!)).toBe(true);
    }
    verifyRunFolder(dir);
  });

  it("regenerateRunFolder(dir, {rename}) refuses a name with a line break and changes nothing", async () => {
    const dir = path.join(tempDir(), "run");
    await writeRunFolder(run, dir);
    const before = hashTree(dir);
    for (const bad of ["Power\nUsers", "tab\there", "esc\u001b[31m", "bidi\u202eevil"])
      await expect(regenerateRunFolder(dir, { rename: { segment: 0, name: bad } })).rejects.toThrow(
        personaMsg.controlCharacter("name", bad),
      );
    expect(hashTree(dir)).toEqual(before);
    expect(fs.readdirSync(path.dirname(dir))).toEqual(["run"]);
  });

  it("regenerateRunFolder(dir) refuses a truncated assignments.csv and leaves segments/ alone", async () => {
    const dir = path.join(tempDir(), "run");
    await writeRunFolder(run, dir);
    const f = path.join(dir, "assignments.csv");
    fs.writeFileSync(f, fs.readFileSync(f).subarray(0, 500));
    const before = hashTree(dir);
    const runId = verifyFolder(dir, { derived: ["assignments.csv"] }).runId;
    await expect(regenerateRunFolder(dir)).rejects.toThrow(
      ioMsg.manifestChangedFile(dir, "assignments.csv", runId),
    );
    expect(hashTree(dir)).toEqual(before);
  });

  it("regenerateRunFolder(dir) refuses a model.json or report-input.json from another run", async () => {
    const a = path.join(tempDir(), "run");
    const b = path.join(tempDir(), "run");
    await writeRunFolder(run, a);
    const other = await quickRun(120);
    await writeRunFolder(other, b);
    fs.copyFileSync(path.join(b, "model.json"), path.join(a, "model.json"));
    await expect(regenerateRunFolder(a)).rejects.toThrow(/run id .* is not the folder's/);
    const c = path.join(tempDir(), "run");
    await writeRunFolder(run, c);
    fs.copyFileSync(path.join(b, "report-input.json"), path.join(c, "report-input.json"));
    await expect(regenerateRunFolder(c)).rejects.toThrow(
      /report-input\.json does not belong to run/,
    );
  });

  it("regenerateRunFolder(dir) refuses a folder without manifest.json (an unfinished run)", async () => {
    const dir = path.join(tempDir(), "run");
    await writeRunFolder(run, dir);
    fs.rmSync(path.join(dir, MANIFEST_FILE));
    await expect(regenerateRunFolder(dir)).rejects.toThrow(ioMsg.noManifest(dir));
  });
});

describe("replaceFolder: failures leave the previous folder", () => {
  it("replaceFolder(dir, id, build) with a failing build keeps the old folder and removes the temporary one", async () => {
    const root = tempDir();
    const dir = path.join(root, "out");
    await replaceFolder(dir, "first", (tmp) => fs.writeFileSync(path.join(tmp, "a.txt"), "old"));
    const before = hashTree(dir);
    await expect(
      replaceFolder(dir, "second", (tmp) => {
        fs.writeFileSync(path.join(tmp, "a.txt"), "half");
        throw Object.assign(new Error("ENOSPC: no space left on device, write"), {
          code: "ENOSPC",
        });
      }),
    ).rejects.toThrow("ENOSPC");
    expect(hashTree(dir)).toEqual(before);
    expect(fs.readdirSync(root)).toEqual(["out"]);
  });

  it("cleanStaleSiblings(dir) removes a killed run's temporary folder and restores a folder caught mid-switch", async () => {
    const root = tempDir();
    const dir = path.join(root, "out");
    await replaceFolder(dir, "first", (tmp) => fs.writeFileSync(path.join(tmp, "a.txt"), "old"));
    fs.mkdirSync(path.join(root, ".out.tmp-999-abc"));
    fs.writeFileSync(path.join(root, ".out.tmp-999-abc", "user_ids.csv"), "secret");
    // A kill between the two renames: the previous folder is aside, the new one not yet in.
    fs.renameSync(dir, path.join(root, ".out.old-998-xyz"));
    const done = cleanStaleSiblings(dir);
    expect(done).toHaveLength(2);
    expect(fs.readdirSync(root)).toEqual(["out"]);
    expect(fs.readFileSync(path.join(dir, "a.txt"), "utf8")).toBe("old");
    verifyFolder(dir);
  });
});
