import * as fs from "node:fs";
import * as path from "node:path";
import { SegmentLabError } from "../errors.js";
import * as msg from "./messages.js";
import { SEGMENT_MODEL_VERSION, segmentModelSchema, type SegmentModel } from "./schema.js";

/**
 * Formats a zod issue path as a readable field path: `["kmeans", "centroids", 2]` →
 * `kmeans.centroids[2]`.
 *
 * @example
 * formatFieldPath(["kmeans", "centroids", 2]); // => "kmeans.centroids[2]"
 */
export function formatFieldPath(p: readonly PropertyKey[]): string {
  let out = "";
  for (const part of p) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}

/**
 * Validates a parsed JSON value as a {@link SegmentModel}: the schema (types, finite numbers,
 * kinds) and the cross-field checks (centroid width = preprocessing output width or number of
 * PCA components; personas and rules name existing segments). Unknown fields are kept.
 *
 * @param json - the parsed document (or a JSON string).
 * @param source - the name used in error messages (a file name). Default `"model.json"`.
 * @returns the validated model (defaults filled in).
 * @throws {SegmentLabError} naming the source and the field path, e.g.
 *   `model.json: kmeans.centroids[2]: expected 14 numbers (the preprocessing output width), got 13`;
 *   or, for a file from a newer SegmentLab, naming its format version.
 * @example
 * parseSegmentModel({ kind: "segment-model", version: 9 }, "m.json");
 * // => throws "m.json: version: the model has format version 9, but this SegmentLab (reads up to version 1) is older — upgrade segmentlab to load it"
 */
export function parseSegmentModel(json: unknown, source = "model.json"): SegmentModel {
  let value = json;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch (e) {
      throw new SegmentLabError(msg.notJson(source, (e as Error).message));
    }
  }
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const v = (value as Record<string, unknown>)["version"];
    if (typeof v === "number" && Number.isInteger(v) && v > SEGMENT_MODEL_VERSION)
      throw new SegmentLabError(msg.newerVersion(source, v, SEGMENT_MODEL_VERSION));
  }
  const result = segmentModelSchema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 3);
    const text = issues
      .map((i) => msg.invalidField(source, formatFieldPath(i.path), i.message))
      .join("; ");
    const more = result.error.issues.length - issues.length;
    throw new SegmentLabError(more > 0 ? `${text} (and ${more} more problem(s))` : text);
  }
  return result.data;
}

/**
 * Reads and validates a `model.json` file.
 *
 * @param file - path of the model file.
 * @returns the validated {@link SegmentModel}.
 * @throws {SegmentLabError} when the file cannot be read, is not JSON, or is invalid (the
 *   message names the file and the field).
 * @example
 * const model = loadSegmentModel("out/model.json");
 * model.kmeans.centroids.length; // => 4
 */
export function loadSegmentModel(file: string, source: string = file): SegmentModel {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new SegmentLabError(
      msg.cannotRead(source, (e as NodeJS.ErrnoException).code ?? String(e)),
    );
  }
  // A byte-order mark (editors on Windows add one) is not part of the JSON.
  return parseSegmentModel(text.startsWith("\uFEFF") ? text.slice(1) : text, source);
}

/**
 * Serialises a model as pretty-printed JSON (2 spaces, trailing newline). Key order is the
 * order the model was built in, so the same model always gives the same bytes.
 *
 * @example
 * serializeSegmentModel(model).endsWith("}\n"); // => true
 */
export function serializeSegmentModel(model: SegmentModel): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}

/**
 * Validates a model and writes it atomically (a temporary file in the same folder, then a
 * rename), so a reader never sees a half-written model.
 *
 * @param file - destination path (its folder must exist).
 * @param model - the model to write; validated first so an invalid model is never saved.
 * @throws {SegmentLabError} when the model is invalid.
 * @example
 * saveSegmentModel("out/model.json", model);
 * loadSegmentModel("out/model.json"); // => deep-equals model
 */
export function saveSegmentModel(file: string, model: SegmentModel): void {
  const checked = parseSegmentModel(JSON.parse(JSON.stringify(model)) as unknown, file);
  writeFileAtomic(file, serializeSegmentModel(checked));
}

let tmpCounter = 0;

/**
 * Writes a file atomically: a temporary file beside it, then `fs.renameSync`.
 *
 * @example
 * writeFileAtomic("out/a.csv", "user_id\n1\n");
 */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  const tmp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${++tmpCounter}.tmp`,
  );
  try {
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
