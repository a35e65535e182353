import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SegmentLabError } from "../../src/errors.js";
import type { FeatureTable } from "../../src/features/types.js";
import { openDatabase, type Database } from "../../src/io/database.js";
import { fromRows } from "../../src/matrix/matrix.js";
import { assign, assignmentRows, assignTable } from "../../src/model/assign.js";
import * as msg from "../../src/model/messages.js";
import { pcaWeights, transformPCA } from "../../src/reduce/transform-pca.js";
import {
  assignmentsCsvChunks,
  assignmentsToCsv,
  csvField,
  writeAssignments,
} from "../../src/model/write-assignments.js";
import {
  fitFixtureModel,
  generateLog,
  loadIntoDuckDB,
  openFixtureDb,
} from "../fixtures/export/make-model.js";
import { handModel } from "../fixtures/export/hand-model.js";

let db: Database;
let fitted: Awaited<ReturnType<typeof fitFixtureModel>>;
let dir: string;

beforeAll(async () => {
  ({ db } = await openFixtureDb(5, 90));
  fitted = await fitFixtureModel(db, { k: 3, pca: 3 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "segmentlab-assign-"));
});
afterAll(() => {
  db?.close();
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
});

/** A copy of the training table with changes. */
function tableWith(change: (t: FeatureTable) => void): FeatureTable {
  const t: FeatureTable = {
    ids: fitted.table.ids.slice(),
    features: fitted.table.features.slice(),
    featureNames: fitted.table.featureNames.slice(),
    columns: fitted.table.columns.map((c) => c.slice()),
    attributes: fitted.table.attributes.map((a) => ({ name: a.name, values: a.values.slice() })),
  };
  change(t);
  return t;
}

describe("assign", () => {
  it("assign(model, trainingTable) reproduces the training labels, with distance, margin and atypical", () => {
    const a = assignTable(fitted.model, fitted.table);
    expect(Array.from(a.segmentId)).toEqual(Array.from(fitted.labels));
    expect(a.warnings).toEqual([]);
    for (let i = 0; i < a.userId.length; i++) {
      expect(a.margin[i]).toBeGreaterThanOrEqual(0);
      const thr = fitted.model.atypical!.perSegment![a.segmentId[i]!]!;
      expect(a.atypical[i]).toBe(a.distance[i]! > thr ? 1 : 0);
    }
    // About 5 % of the training users are beyond their segment's 95th percentile.
    const flagged = a.atypical.reduce((s, x) => s + x, 0);
    expect(flagged).toBeGreaterThan(0);
    expect(flagged).toBeLessThanOrEqual(Math.ceil(0.05 * a.userId.length) + 3);
    expect(a.persona[a.segmentId.indexOf(0)]).toBe("Heavy Viewers");
    expect(a.persona[a.segmentId.indexOf(2)]).toBe("Segment 2");
  });

  it("assign(model, db) computes features with the frozen spec and equals assign on the table", async () => {
    const a = await assign(fitted.model, db);
    const b = assignTable(fitted.model, fitted.table);
    expect(a.userId).toEqual(b.userId);
    expect(Array.from(a.segmentId)).toEqual(Array.from(b.segmentId));
    expect(Array.from(a.distance)).toEqual(Array.from(b.distance));
  });

  it("assignTable distance and margin are the nearest and second-nearest Euclidean distances", () => {
    const m = handModel({ pca: false });
    const t: FeatureTable = {
      ids: ["x"],
      features: [],
      featureNames: m.preprocess.inputFeatures,
      columns: [Float64Array.of(7), Float64Array.of(NaN), Float64Array.of(50)],
      attributes: [{ name: "plan", values: ["free"] }],
    };
    const a = assignTable(m, t);
    const row = rowOf(m, t);
    const d = m.kmeans.centroids.map((c) =>
      Math.sqrt(c.reduce((s, v, j) => s + (row[j]! - v) ** 2, 0)),
    );
    const sorted = [...d].sort((p, q) => p - q);
    expect(a.distance[0]).toBeCloseTo(sorted[0]!, 12);
    expect(a.margin[0]).toBeCloseTo(sorted[1]! - sorted[0]!, 12);
    expect(a.segmentId[0]).toBe(d.indexOf(sorted[0]!));
  });

  it("assignTable breaks an exact tie toward the lowest segment id (margin 0)", () => {
    const m = handModel({ pca: false });
    const c = m.kmeans.centroids[1]!;
    const far = c.map(() => 100);
    const tie = { ...m, kmeans: { ...m.kmeans, centroids: [c, c, far] } };
    const a = assignTable(tie, {
      ids: ["x", "y"],
      features: [],
      featureNames: m.preprocess.inputFeatures,
      columns: m.preprocess.steps.map(() => Float64Array.of(0, 5)),
      attributes: [{ name: "plan", values: [null, "pro"] }],
    });
    expect(Array.from(a.segmentId)).toEqual([0, 0]);
    expect(Array.from(a.margin)).toEqual([0, 0]);
  });

  it("assignTable on a table lacking features names every missing one", () => {
    const t = tableWith((t) => {
      for (const name of ["events", "tenure_days"]) {
        const j = t.featureNames.indexOf(name);
        t.featureNames.splice(j, 1);
        t.columns.splice(j, 1);
        t.features.splice(j, 1);
      }
    });
    const needed = fitted.model.preprocess.inputFeatures.filter(
      (f) => f === "events" || f === "tenure_days",
    );
    expect(() => assignTable(fitted.model, t)).toThrow(
      new SegmentLabError(msg.missingFeatures(needed, t.featureNames)),
    );
  });

  it("assignTable on a table lacking an encoded attribute says so", () => {
    const t = tableWith((t) => {
      t.attributes = [];
    });
    expect(() => assignTable(fitted.model, t)).toThrow(
      new SegmentLabError(msg.missingAttributes(["plan"], [])),
    );
  });

  it("assignTable warns about attribute values never seen in training", () => {
    const enc = fitted.model.preprocess.encodings[0]!;
    const t = tableWith((t) => {
      t.attributes[0]!.values[0] = "enterprise";
      t.attributes[0]!.values[1] = "enterprise";
    });
    const a = assignTable(fitted.model, t);
    const expected = enc.other
      ? []
      : [msg.unseenLevels("plan", ["enterprise"], 2, "all-zero columns")];
    expect(a.warnings).toEqual(expected);
  });

  it("assign(model, db) on another window warns that the window differs", async () => {
    const other = await openDatabase({ threads: 1 });
    try {
      const log = generateLog(9, 30);
      log.events = log.events.map((e) => ({ ...e, ts: e.ts.replace("2024-", "2028-") }));
      await loadIntoDuckDB(other, log);
      const a = await assign(fitted.model, other);
      const [w] = await other.query<{ t0: Date; t1: Date }>(
        "SELECT MIN(ts) AS t0, MAX(ts) AS t1 FROM events",
      );
      expect(a.warnings).toContain(
        msg.windowDiffers(fitted.model.provenance.window!, {
          start: w!.t0.toISOString(),
          end: w!.t1.toISOString(),
        }),
      );
      expect(a.userId.length).toBe(30);
    } finally {
      other.close();
    }
  });

  it("assign(model, db) without a users table names the missing table", async () => {
    const other = await openDatabase({ threads: 1 });
    try {
      await other.run(
        "CREATE TABLE events (user_id VARCHAR, ts TIMESTAMP, event VARCHAR, value DOUBLE)",
      );
      await expect(assign(fitted.model, other)).rejects.toThrow(
        new SegmentLabError(msg.missingTables(["users"], ["events"])),
      );
    } finally {
      other.close();
    }
  });

  it("assign(model, db) warns about counted events that never occur, and names missing users columns", async () => {
    const other = await openDatabase({ threads: 1 });
    try {
      const log = generateLog(10, 30);
      log.events = log.events.filter((e) => e.event !== "purchase");
      await loadIntoDuckDB(other, log);
      const a = await assign(fitted.model, other);
      expect(a.warnings).toContain(msg.eventsAbsent(["purchase"]));
      await other.run("ALTER TABLE users DROP COLUMN plan");
      await expect(assign(fitted.model, other)).rejects.toThrow(
        new SegmentLabError(msg.missingUserColumns(["plan"], [])),
      );
    } finally {
      other.close();
    }
  });

  it("assign(model without featureContext, db) says the context is missing", async () => {
    await expect(assign({ ...fitted.model, featureContext: null }, db)).rejects.toThrow(
      new SegmentLabError(msg.noFeatureContext()),
    );
  });

  it("assign(model without spec, db) says to use a feature table", async () => {
    await expect(assign({ ...fitted.model, featureSpec: null }, db)).rejects.toThrow(
      msg.noFeatureSpec(),
    );
  });

  it("pcaWeights(projection) divides by √explainedVariance only when whitening, and transformPCA(projection, X) projects a model's stored PCA", () => {
    expect(
      pcaWeights({
        kind: "pca",
        mean: [0],
        components: [[2]],
        params: { whiten: true },
        explainedVariance: [4],
      }),
    ).toEqual([[1]]);
    expect(
      pcaWeights({
        kind: "pca",
        mean: [0],
        components: [[2]],
        params: { whiten: false },
        explainedVariance: [4],
      }),
    ).toEqual([[2]]);
    expect(
      transformPCA({ kind: "pca", mean: [1, 1], components: [[1, 0]] }, fromRows([[3, 5]])).data,
    ).toEqual(Float64Array.of(2));
  });
});

/** The preprocessed row of user 0 of a one-user table (hand model: standard steps, plan one-hot). */
function rowOf(m: ReturnType<typeof handModel>, t: FeatureTable): number[] {
  const row: number[] = m.preprocess.steps.map((s, j) => {
    let v = t.columns[j]![0]!;
    if (Number.isNaN(v)) v = s.impute;
    if (s.log1p) v = Math.log1p(Math.max(v, 0));
    if (s.clip) v = Math.min(Math.max(v, s.clip[0]), s.clip[1]);
    return ((v - s.center) / s.scale) * s.weight;
  });
  const e = m.preprocess.encodings[0]!;
  const plan = t.attributes[0]!.values[0];
  row.push(plan === "free" ? e.weight : 0, 0, 0, plan === null ? e.weight : 0);
  return row;
}

describe("writeAssignments", () => {
  it("writeAssignments(file.csv) writes the documented header and RFC 4180 quoting", async () => {
    const a = assignTable(fitted.model, fitted.table);
    const file = path.join(dir, "a.csv");
    await writeAssignments(file, a);
    const text = fs.readFileSync(file, "utf8");
    expect(text).toBe(assignmentsToCsv(a));
    expect(text.split("\n")[0]).toBe("user_id,segment_id,persona,distance,margin,atypical");
    const r0 = assignmentRows(a)[0]!;
    expect(text.split("\n")[1]).toBe(
      `${r0.userId},${r0.segmentId},${r0.persona},${r0.distance},${r0.margin},${r0.atypical}`,
    );
    expect(csvField('say "hi", bob')).toBe('"say ""hi"", bob"');
  });

  it("assignmentsCsvChunks(a) streams 70,000 users in chunks of 65,536 rows, the same text as row by row", async () => {
    const n = 70_000;
    const a = {
      userId: Array.from({ length: n }, (_, i) => (i === 5 ? 'odd "id", 5' : `u${i}`)),
      segmentId: Int32Array.from({ length: n }, (_, i) => i % 3),
      persona: Array.from({ length: n }, (_, i) => ["Power Users", "A, B", "Dormant"][i % 3]!),
      distance: Float64Array.from({ length: n }, (_, i) => i / 7),
      margin: Float64Array.from({ length: n }, (_, i) => (i === 9 ? Infinity : i / 3)),
      atypical: Uint8Array.from({ length: n }, (_, i) => (i % 100 === 0 ? 1 : 0)),
      warnings: [],
    };
    const chunks = [...assignmentsCsvChunks(a)];
    expect(chunks.map((c) => c.split("\n").length - 1)).toEqual([1, 65_536, 70_000 - 65_536]);
    const rowByRow = [
      "user_id,segment_id,persona,distance,margin,atypical",
      ...a.userId.map(
        (id, i) =>
          `${csvField(id)},${i % 3},${csvField(a.persona[i]!)},${i / 7},${i === 9 ? "" : i / 3},${i % 100 === 0}`,
      ),
    ].join("\n");
    expect(chunks.join("")).toBe(`${rowByRow}\n`);
    const file = path.join(dir, "big.csv");
    await writeAssignments(file, a);
    expect(fs.readFileSync(file, "utf8")).toBe(`${rowByRow}\n`);
    expect(fs.readdirSync(dir).filter((f) => f.includes(".tmp"))).toEqual([]);
  });

  it("writeAssignments(file.parquet) round-trips through DuckDB with typed columns", async () => {
    const a = assignTable(fitted.model, fitted.table);
    const file = path.join(dir, "a.parquet");
    await writeAssignments(file, a);
    const rows = await db.query(`SELECT * FROM read_parquet('${file}') ORDER BY user_id`);
    expect(rows.map((r) => r["user_id"])).toEqual(a.userId);
    expect(rows.map((r) => r["segment_id"])).toEqual(Array.from(a.segmentId));
    expect(rows.map((r) => r["distance"])).toEqual(Array.from(a.distance));
    expect(rows.map((r) => r["atypical"])).toEqual(Array.from(a.atypical, (x) => x === 1));
    expect(fs.readdirSync(dir).filter((f) => f.includes(".tmp"))).toEqual([]);
  });

  it("writeAssignments refuses another extension and an input file", async () => {
    const a = assignTable(fitted.model, fitted.table);
    await expect(writeAssignments(path.join(dir, "a.xlsx"), a)).rejects.toThrow(
      new SegmentLabError(msg.badOutputExtension(path.join(dir, "a.xlsx"))),
    );
    const input = path.join(dir, "events.csv");
    await expect(writeAssignments(input, a, { inputs: [input] })).rejects.toThrow(
      new SegmentLabError(msg.wouldOverwriteInput(input)),
    );
  });
});
