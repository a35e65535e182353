import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SegmentLabError } from "../../src/errors.js";
import {
  buildSegmentModel,
  fingerprintFiles,
  fitAtypicalThreshold,
  resolveCreatedAt,
} from "../../src/model/build-segment-model.js";
import * as msg from "../../src/model/messages.js";
import {
  formatFieldPath,
  loadSegmentModel,
  parseSegmentModel,
  saveSegmentModel,
  serializeSegmentModel,
} from "../../src/model/parse-segment-model.js";
import { SEGMENT_MODEL_VERSION } from "../../src/model/schema.js";
import { handModel } from "../fixtures/export/hand-model.js";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "segmentlab-model-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A JSON copy of the model, to tamper with (any: tests poke at arbitrary paths). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function raw(o: { pca?: boolean } = {}): Record<string, any> {
  return JSON.parse(JSON.stringify(handModel(o)));
}

describe("parseSegmentModel", () => {
  it("parseSegmentModel(JSON round trip) deep-equals the model", () => {
    const m = handModel();
    expect(parseSegmentModel(JSON.parse(JSON.stringify(m)))).toEqual(m);
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });

  it("parseSegmentModel keeps unknown fields of stage-owned parts (loose sub-models)", () => {
    const r = raw();
    r["kmeans"]["inertia"] = 12.5;
    r["preprocess"]["futureField"] = { a: 1 };
    const m = parseSegmentModel(r);
    expect(m.kmeans["inertia"]).toBe(12.5);
    expect(m.preprocess["futureField"]).toEqual({ a: 1 });
  });

  it("parseSegmentModel names the file and the centroid whose width is wrong (PCA space)", () => {
    const r = raw();
    r["kmeans"]["centroids"][2] = [1];
    expect(() => parseSegmentModel(r, "model.json")).toThrow(
      new SegmentLabError(
        msg.invalidField(
          "model.json",
          "kmeans.centroids[2]",
          "expected 2 numbers (the number of PCA components), got 1",
        ),
      ),
    );
    expect(() => parseSegmentModel(r, "model.json")).toThrow(
      "model.json: kmeans.centroids[2]: expected 2 numbers (the number of PCA components), got 1",
    );
  });

  it("parseSegmentModel names the centroid width against the preprocessing output (no PCA)", () => {
    const r = raw({ pca: false });
    r["kmeans"]["centroids"][1].pop();
    expect(() => parseSegmentModel(r, "m.json")).toThrow(
      "m.json: kmeans.centroids[1]: expected 7 numbers (the preprocessing output width), got 6",
    );
  });

  it("parseSegmentModel names kmeans.nFeatures when it differs from the centroids' space", () => {
    const r = raw();
    r["kmeans"]["nFeatures"] = 5;
    expect(() => parseSegmentModel(r, "model.json")).toThrow(
      "model.json: kmeans.nFeatures: expected 2 (the number of PCA components), got 5",
    );
  });

  it("parseSegmentModel rejects a tampered value with its field path", () => {
    const r = raw();
    r["preprocess"]["steps"][1]["scale"] = "2";
    expect(() => parseSegmentModel(r, "model.json")).toThrow(
      /^model\.json: preprocess\.steps\[1\]\.scale: /,
    );
    const r2 = raw();
    r2["pca"]["components"][0][3] = null;
    expect(() => parseSegmentModel(r2, "model.json")).toThrow(
      /^model\.json: pca\.components\[0\]\[3\]: /,
    );
    const r3 = raw();
    r3["preprocess"]["steps"][0]["scale"] = 0;
    expect(() => parseSegmentModel(r3, "x.json")).toThrow(
      "x.json: preprocess.steps[0].scale: scale must not be 0",
    );
  });

  it("parseSegmentModel rejects personas for segments that do not exist, and duplicates", () => {
    const r = raw();
    r["personas"][2]["segmentId"] = 7;
    expect(() => parseSegmentModel(r, "model.json")).toThrow(
      "model.json: personas[2].segmentId: segment 7 does not exist (the model has 3 segments, ids 0–2)",
    );
    const r2 = raw();
    r2["personas"][2]["segmentId"] = 0;
    expect(() => parseSegmentModel(r2, "model.json")).toThrow(
      "model.json: personas[2].segmentId: segment 0 has more than one persona",
    );
  });

  it("parseSegmentModel checks the preprocessing output names add up and clip bounds are ordered", () => {
    const r = raw();
    r["preprocess"]["outputNames"].pop();
    expect(() => parseSegmentModel(r, "model.json")).toThrow(
      "model.json: preprocess.outputNames: expected 7 names (steps + one-hot columns), got 6",
    );
    const r2 = raw();
    r2["preprocess"]["steps"][0]["clip"] = [5, 1];
    expect(() => parseSegmentModel(r2, "model.json")).toThrow(
      "model.json: preprocess.steps[0].clip: lower bound 5 is above upper bound 1",
    );
  });

  it("parseSegmentModel refuses a newer major version with an upgrade hint", () => {
    const r = raw();
    r["version"] = SEGMENT_MODEL_VERSION + 1;
    expect(() => parseSegmentModel(r, "model.json")).toThrow(
      new SegmentLabError(msg.newerVersion("model.json", 2, 1)),
    );
  });

  it("parseSegmentModel refuses another kind and non-JSON text", () => {
    const r = raw();
    r["kind"] = "kmeans";
    expect(() => parseSegmentModel(r, "model.json")).toThrow(/^model\.json: kind: /);
    expect(() => parseSegmentModel("{nope", "model.json")).toThrow(
      /^model\.json: not a valid JSON document/,
    );
  });

  it("formatFieldPath(['a', 'b', 2, 'c']) reads as a.b[2].c", () => {
    expect(formatFieldPath(["a", "b", 2, "c"])).toBe("a.b[2].c");
    expect(formatFieldPath([])).toBe("");
  });
});

describe("saveSegmentModel / loadSegmentModel", () => {
  it("saveSegmentModel then loadSegmentModel round-trips exactly, leaving no temp file", () => {
    const m = handModel();
    const file = path.join(dir, "model.json");
    saveSegmentModel(file, m);
    expect(loadSegmentModel(file)).toEqual(m);
    expect(fs.readdirSync(dir)).toEqual(["model.json"]);
    expect(fs.readFileSync(file, "utf8")).toBe(serializeSegmentModel(m));
  });

  it("saveSegmentModel twice gives the same bytes", () => {
    const f1 = path.join(dir, "a.json");
    const f2 = path.join(dir, "b.json");
    saveSegmentModel(f1, handModel());
    saveSegmentModel(f2, handModel());
    expect(fs.readFileSync(f1)).toEqual(fs.readFileSync(f2));
  });

  it("loadSegmentModel names a file that was edited by hand into an invalid model", () => {
    const file = path.join(dir, "model.json");
    saveSegmentModel(file, handModel());
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    r.kmeans.centroids[0] = [1, 2, 3];
    fs.writeFileSync(file, JSON.stringify(r));
    expect(() => loadSegmentModel(file)).toThrow(
      `${file}: kmeans.centroids[0]: expected 2 numbers (the number of PCA components), got 3`,
    );
  });

  it("loadSegmentModel on a missing file says it cannot read it", () => {
    const file = path.join(dir, "none.json");
    expect(() => loadSegmentModel(file)).toThrow(
      new SegmentLabError(msg.cannotRead(file, "ENOENT")),
    );
  });

  it("saveSegmentModel refuses an invalid model and writes nothing", () => {
    const m = handModel();
    const bad = { ...m, kmeans: { ...m.kmeans, centroids: [[1, 2, 3]] } };
    expect(() => saveSegmentModel(path.join(dir, "m.json"), bad)).toThrow(SegmentLabError);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe("buildSegmentModel and provenance helpers", () => {
  it("buildSegmentModel fills version, library and defaults", () => {
    const m = handModel();
    expect(m.kind).toBe("segment-model");
    expect(m.version).toBe(1);
    expect(m.library).toEqual({ name: "segmentlab", version: expect.any(String) });
    expect(m.createdAt).toBe("2026-01-01T00:00:00.000Z");
    expect(m.personas.map((p) => p.edited)).toEqual([undefined, true, undefined]);
  });

  it("resolveCreatedAt uses SOURCE_DATE_EPOCH when no time is given", () => {
    const old = process.env["SOURCE_DATE_EPOCH"];
    process.env["SOURCE_DATE_EPOCH"] = "86400";
    try {
      expect(resolveCreatedAt()).toBe("1970-01-02T00:00:00.000Z");
      expect(resolveCreatedAt(new Date(0))).toBe("1970-01-01T00:00:00.000Z");
    } finally {
      if (old === undefined) delete process.env["SOURCE_DATE_EPOCH"];
      else process.env["SOURCE_DATE_EPOCH"] = old;
    }
  });

  it("fingerprintFiles does not depend on folder or order, and changes with content", () => {
    const a = path.join(dir, "x", "events.csv");
    const b = path.join(dir, "y", "users.csv");
    fs.mkdirSync(path.dirname(a));
    fs.mkdirSync(path.dirname(b));
    fs.writeFileSync(a, "user_id,ts\n1,2024-01-01\n");
    fs.writeFileSync(b, "user_id,plan\n1,free\n");
    const f1 = fingerprintFiles([a, b]);
    const f2 = fingerprintFiles([b, a]);
    expect(f1).toEqual(f2);
    expect(f1.files).toEqual([
      { name: "events.csv", bytes: 24 },
      { name: "users.csv", bytes: 20 },
    ]);
    expect(f1.fingerprint.value).toMatch(/^[0-9a-f]{64}$/);
    fs.writeFileSync(b, "user_id,plan\n1,pro_\n");
    expect(fingerprintFiles([a, b]).fingerprint.value).not.toBe(f1.fingerprint.value);
  });

  it("fitAtypicalThreshold(d, labels, k, 50) takes the interpolated percentile overall and per segment", () => {
    const t = fitAtypicalThreshold(
      Float64Array.of(0, 1, 2, 3, 10, 20),
      Int32Array.of(0, 0, 0, 0, 1, 1),
      2,
      50,
    );
    expect(t).toEqual({ percentile: 50, threshold: 2.5, perSegment: [1.5, 15] });
    expect(() => fitAtypicalThreshold([1], [0], 1, 101)).toThrow(
      new RangeError(msg.badOption("percentile", 101, "between 0 and 100")),
    );
  });

  it("buildSegmentModel rejects parts that do not fit together", () => {
    const m = handModel({ pca: false });
    expect(() =>
      buildSegmentModel({
        features: m.features,
        preprocess: m.preprocess as never,
        kmeans: { kind: "kmeans", centroids: [[1, 2]] },
        provenance: { ...m.provenance },
      }),
    ).toThrow(
      "segment model: kmeans.centroids[0]: expected 7 numbers (the preprocessing output width), got 2",
    );
  });
});
