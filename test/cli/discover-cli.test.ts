import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as ioMessages from "../../src/io/messages.js";
import { unknownActivationFormat } from "../../src/export/messages.js";
import { ACTIVATION_FORMATS } from "../../src/export/write-segments-folder.js";
import { createRandom } from "../../src/matrix/random.js";

// End to end through the built CLI (npm test builds first), as a user runs it.
const root = path.resolve(__dirname, "../..");
const bin = path.join(root, "bin/segmentlab.js");
const sample = (f: string) => path.join(root, "data/sample", f);

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let out: string;

beforeAll(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), "segmentlab-cli-"));
  const r = cli(
    "discover",
    sample("events.csv.gz"),
    "--users",
    sample("users.csv"),
    "--out",
    path.join(out, "run"),
    "--seed",
    "0",
    "--created-at",
    "2026-11-28T00:00:00Z",
  );
  if (r.code !== 0) throw new Error(r.stderr);
});

describe("segmentlab discover", () => {
  it("segmentlab discover … --out DIR writes the run folder", () => {
    const files = fs.readdirSync(path.join(out, "run")).sort();
    expect(files).toEqual([
      "assignments.csv",
      "manifest.json",
      "model.json",
      "personas.html",
      "personas.md",
      "report-input.json",
      "report.html",
      "segments",
    ]);
    const seg = fs.readdirSync(path.join(out, "run/segments"));
    expect(seg).toContain("segments.json");
    expect(seg.filter((f) => /^\d\d-/.test(f))).toHaveLength(7);
    // Lean: no second copy of assignments.csv, and only the default `ids` activation file.
    expect(seg).not.toContain("assignments.csv");
    const first = seg.find((f) => /^\d\d-/.test(f))!;
    expect(fs.readdirSync(path.join(out, "run/segments", first))).toEqual(["users.csv"]);
  });

  it("segmentlab discover writes assignments.csv with user_id,segment_id first, one row per user", () => {
    const lines = fs.readFileSync(path.join(out, "run/assignments.csv"), "utf8").trim().split("\n");
    expect(lines[0]!.startsWith("user_id,segment_id,")).toBe(true);
    expect(lines.length - 1).toBe(2000);
  });

  it("segmentlab discover stores the recommendation and scan table in model.json", () => {
    const model = JSON.parse(fs.readFileSync(path.join(out, "run/model.json"), "utf8"));
    expect(model.kind).toBe("segment-model");
    expect(model.metrics.recommendation.k).toBe(7);
    expect(model.metrics.recommendation.reasons.length).toBeGreaterThan(0);
    expect(model.metrics.scan.rowsByK.map((r: { k: number }) => r.k)).toEqual([
      2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    expect(model.personas).toHaveLength(7);
  });

  it("segmentlab rename model.json 3 NAME renames everywhere the model flows", () => {
    const dir = path.join(out, "run");
    const r = cli(
      "rename",
      path.join(dir, "model.json"),
      "3",
      "Night Owls",
      "--description",
      "Renamed by a test",
    );
    expect(r.code, r.stderr).toBe(0);
    const model = JSON.parse(fs.readFileSync(path.join(dir, "model.json"), "utf8"));
    const p = model.personas.find((x: { segmentId: number }) => x.segmentId === 3);
    expect(p.name).toBe("Night Owls");
    expect(p.edited).toBe(true);
    expect(fs.readFileSync(path.join(dir, "personas.md"), "utf8")).toContain("Night Owls");
    expect(fs.readFileSync(path.join(dir, "report.html"), "utf8")).toContain("Night Owls");
    const rows = fs.readFileSync(path.join(dir, "assignments.csv"), "utf8").split("\n");
    expect(
      rows.filter((l) => l.split(",")[1] === "3").every((l) => l.split(",")[2] === "Night Owls"),
    ).toBe(true);
  });

  it("segmentlab discover --activation with an unknown format exits 2 naming it, before any work", () => {
    const target = path.join(out, "bad-activation");
    const r = cli(
      "discover",
      sample("events.csv.gz"),
      "--out",
      target,
      "--activation",
      "posthog,braze",
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(unknownActivationFormat("braze", ACTIVATION_FORMATS));
    expect(fs.existsSync(target)).toBe(false);
  });

  it("segmentlab rename rejects a duplicate name, naming it, and leaves the model alone", () => {
    const dir = path.join(out, "run");
    const before = fs.readFileSync(path.join(dir, "model.json"), "utf8");
    const model = JSON.parse(before);
    const other = model.personas.find((x: { segmentId: number }) => x.segmentId === 0).name;
    const r = cli("rename", path.join(dir, "model.json"), "1", other);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(other);
    expect(fs.readFileSync(path.join(dir, "model.json"), "utf8")).toBe(before);
  });

  it("segmentlab report RUN_DIR rebuilds report.html from the run folder", () => {
    const file = path.join(out, "run/report.html");
    fs.rmSync(file);
    const r = cli("report", path.join(out, "run"));
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(file, "utf8")).toContain("<svg");
  });

  it("segmentlab discover --k 3 fixes k; --k 3..5 scans a range", () => {
    const a = cli(
      "discover",
      sample("events.csv.gz"),
      "--k",
      "3",
      "--out",
      path.join(out, "k3"),
      "--quiet",
      "--no-report",
    );
    expect(a.code, a.stderr).toBe(0);
    expect(
      JSON.parse(fs.readFileSync(path.join(out, "k3/model.json"), "utf8")).kmeans.centroids,
    ).toHaveLength(3);
    const b = cli(
      "discover",
      sample("events.csv.gz"),
      "--k",
      "3..5",
      "--out",
      path.join(out, "range"),
      "--quiet",
      "--no-report",
    );
    expect(b.code, b.stderr).toBe(0);
    const scan = JSON.parse(fs.readFileSync(path.join(out, "range/model.json"), "utf8")).metrics
      .scan;
    expect(scan.rowsByK.map((r: { k: number }) => r.k)).toEqual([3, 4, 5]);
  });

  it("segmentlab discover --k 7 --mini-batch fits mini-batch k-means and still finds the personas", () => {
    const r = cli(
      "discover",
      sample("events.csv.gz"),
      "--k",
      "7",
      "--mini-batch",
      "--scaling",
      "robust",
      "--memory-limit",
      "400MB",
      "--out",
      path.join(out, "mb"),
      "--quiet",
      "--no-report",
    );
    expect(r.code, r.stderr).toBe(0);
    const model = JSON.parse(fs.readFileSync(path.join(out, "mb/model.json"), "utf8"));
    expect(model.kmeans.params.algorithm).toBe("minibatch");
    expect(model.kmeans.centroids).toHaveLength(7);
    expect(model.preprocess.params.scaling).toBe("robust");
  });

  it('segmentlab discover on uniform noise says "no clear segment structure"', () => {
    const random = createRandom(7);
    const lines = ["id,a,b,c,d"];
    for (let i = 0; i < 600; i++)
      lines.push([`u${i}`, random(), random(), random(), random()].join(","));
    const file = path.join(out, "noise.csv");
    fs.writeFileSync(file, lines.join("\n") + "\n");
    const r = cli(
      "discover",
      "--table",
      file,
      "--id",
      "id",
      "--out",
      path.join(out, "noise"),
      "--no-report",
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("no clear segment structure");
    const model = JSON.parse(fs.readFileSync(path.join(out, "noise/model.json"), "utf8"));
    expect(model.metrics.verdict).toBe("no clear segment structure");
    expect(model.kmeans.centroids).toHaveLength(1);
  });

  it("segmentlab discover with a bad --k or a missing file fails with a clear error and exit 2", () => {
    const a = cli(
      "discover",
      sample("events.csv.gz"),
      "--k",
      "0..3",
      "--out",
      path.join(out, "bad"),
    );
    expect(a.code).toBe(2);
    expect(a.stderr).toContain("--k 0..3");
    expect(a.stderr).not.toContain("    at ");
    const c = cli(
      "discover",
      sample("events.csv.gz"),
      "--scaling",
      "nope",
      "--out",
      path.join(out, "bad"),
    );
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('--scaling "nope": expected standard or robust');
    const b = cli("discover", path.join(out, "missing.csv"), "--out", path.join(out, "bad"));
    expect(b.code).toBe(2);
    expect(b.stderr).toContain("missing.csv");
    expect(fs.existsSync(path.join(out, "bad"))).toBe(false);
  });

  it("segmentlab discover refuses to write over an input file", () => {
    const dir = path.join(out, "inplace");
    fs.mkdirSync(dir);
    fs.copyFileSync(sample("events.csv.gz"), path.join(dir, "model.json"));
    const r = cli("discover", path.join(dir, "model.json"), "--out", dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(ioMessages.inputInsideOutput(path.join(dir, "model.json"), dir));
  });

  it("segmentlab --help lists every subcommand and each has --help", () => {
    const r = cli("--help");
    for (const c of ["features", "discover", "assign", "export", "rename", "report"]) {
      expect(r.stdout).toContain(c);
      const h = cli(c, "--help");
      expect(h.code).toBe(0);
      expect(h.stdout).toContain("Usage: segmentlab " + c);
    }
  });
});

describe("editing model.json by hand", () => {
  it("segmentlab report rejects a hand-edited model.json with duplicate persona names, naming the field", () => {
    const dir = path.join(out, "hand");
    fs.cpSync(path.join(out, "run"), dir, { recursive: true });
    const model = JSON.parse(fs.readFileSync(path.join(dir, "model.json"), "utf8"));
    model.personas[1].name = model.personas[0].name;
    fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify(model));
    const r = cli("report", dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("personas[1].name");
  });

  it("segmentlab report applies a valid hand edit of a persona's description to the cards", () => {
    const dir = path.join(out, "hand2");
    fs.cpSync(path.join(out, "run"), dir, { recursive: true });
    const model = JSON.parse(fs.readFileSync(path.join(dir, "model.json"), "utf8"));
    model.personas[2].description = "Edited by hand in model.json";
    fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify(model));
    const r = cli("report", dir);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, "personas.md"), "utf8")).toContain(
      "Edited by hand in model.json",
    );
    expect(fs.readFileSync(path.join(dir, "report.html"), "utf8")).toContain(
      "Edited by hand in model.json",
    );
  });
});
