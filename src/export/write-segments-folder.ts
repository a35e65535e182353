import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { SegmentLabError } from "../errors.js";
import { csvField, csvLine, csvText, type CsvCell, type CsvWriteOptions } from "../io/csv.js";
import { replaceFolder, writeManifest } from "../io/output-folder.js";
import { segmentNames, type Assignments } from "../model/assign.js";
import type { SegmentModel } from "../model/schema.js";
import { writeAssignmentsCsv } from "../model/write-assignments.js";
import * as msg from "./messages.js";

/** One segment's summary, as written to `segments.json` / `segments.csv`. */
export interface SegmentSummary {
  segmentId: number;
  name: string;
  description: string;
  /** True when a person renamed or re-described the segment. */
  edited: boolean;
  /** Users assigned. */
  size: number;
  /** size / all users. */
  share: number;
  /** Users flagged atypical (far from every centroid). */
  atypical: number;
  /** Mean distance to the centroid (model space). */
  meanDistance: number | null;
  /** The rule text defining the segment, when the model has rules. */
  rule: string | null;
  /** The segment's folder, relative to the segments folder (e.g. `00-power-users`). */
  folder: string;
}

/**
 * The activation files of each segment folder, with the header each tool expects for a
 * static cohort / user-list upload (vendor documentation, read 2026-11):
 * - PostHog — static cohort from a CSV: a `distinct_id` column (PostHog also accepts
 *   `person_id` or `email`); API "Create cohort", field `csv`:
 *   https://posthog.com/docs/api/cohorts (mirrored at mintlify.com/PostHog/posthog/api/cohorts/create).
 * - Amplitude — cohort upload by user id (`id_type: BY_USER_ID`), one id per row, header
 *   `user_id`: https://amplitude.com/docs/apis/analytics/behavioral-cohorts (Upload cohort).
 * - Mixpanel — users are imported as profiles keyed by `$distinct_id` (Users → Add/Edit Profile
 *   → Import from CSV): https://help.mixpanel.com/hc/en-us/articles/115004695323 ; the second
 *   column `segmentlab_segment` becomes a profile property, and the cohort
 *   `segmentlab_segment = <name>` is then the static cohort.
 * - generic — `user_id`.
 */
export const ACTIVATION_FILES = [
  { format: "ids", file: "users.csv", tool: "generic", header: ["user_id"] },
  { format: "posthog", file: "posthog.csv", tool: "PostHog", header: ["distinct_id"] },
  { format: "amplitude", file: "amplitude.csv", tool: "Amplitude", header: ["user_id"] },
  {
    format: "mixpanel",
    file: "mixpanel.csv",
    tool: "Mixpanel",
    header: ["$distinct_id", "segmentlab_segment"],
  },
] as const;

/** An activation format: which per-segment file to write (see {@link ACTIVATION_FILES}). */
export type ActivationFormat = (typeof ACTIVATION_FILES)[number]["format"];

/** The activation formats, in the order their files are written. */
export const ACTIVATION_FORMATS: readonly ActivationFormat[] = ACTIVATION_FILES.map(
  (f) => f.format,
);

/**
 * Parses a comma-separated list of activation formats (`posthog,amplitude,mixpanel,ids`);
 * duplicates are written once.
 *
 * @param text - e.g. `"posthog,ids"`.
 * @returns the formats, in {@link ACTIVATION_FORMATS} order.
 * @throws {SegmentLabError} naming an unknown format and the known ones.
 * @example
 * parseActivationFormats("mixpanel, ids"); // => ["ids", "mixpanel"]
 */
export function parseActivationFormats(text: string): ActivationFormat[] {
  const asked = text
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== "");
  for (const a of asked)
    if (!ACTIVATION_FORMATS.includes(a as ActivationFormat))
      throw new SegmentLabError(msg.unknownActivationFormat(a, ACTIVATION_FORMATS));
  if (asked.length === 0)
    throw new SegmentLabError(msg.unknownActivationFormat(text, ACTIVATION_FORMATS));
  return ACTIVATION_FORMATS.filter((f) => asked.includes(f));
}

/** Rows per write when streaming id files: bounded memory whatever the number of users. */
const CHUNK_ROWS = 65_536;

/**
 * A folder name for a segment: two-digit id, then the persona name as lower-case ASCII words
 * joined by `-` (`3`, `"Fading Regulars"` → `03-fading-regulars`).
 *
 * @example
 * segmentFolderName(3, "Fading Regulars"); // => "03-fading-regulars"
 */
export function segmentFolderName(id: number, name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  return `${String(id).padStart(2, "0")}-${slug.length > 0 ? slug : "segment"}`;
}

/**
 * Summarises assignments per segment (size, share, atypical users, mean distance), with the
 * model's persona names, descriptions and rule texts.
 *
 * @throws {SegmentLabError} when the assignments name a segment the model does not have.
 * @example
 * summarizeSegments(model, a)[0]; // => { segmentId: 0, name: "Power Users", size: 120, share: 0.3, … }
 */
export function summarizeSegments(model: SegmentModel, a: Assignments): SegmentSummary[] {
  const k = model.kmeans.centroids.length;
  const names = segmentNames(model);
  const size = new Array<number>(k).fill(0);
  const atypical = new Array<number>(k).fill(0);
  const dist = new Array<number>(k).fill(0);
  for (let i = 0; i < a.userId.length; i++) {
    const s = a.segmentId[i]!;
    if (!(s >= 0 && s < k)) throw new SegmentLabError(msg.assignmentsMismatch(s, k));
    size[s]!++;
    atypical[s]! += a.atypical[i]!;
    dist[s]! += a.distance[i]!;
  }
  const n = a.userId.length;
  return names.map((name, s) => {
    const p = model.personas.find((x) => x.segmentId === s);
    const rule = model.rules?.rules.find((r) => r.segment === s);
    return {
      segmentId: s,
      name,
      description: p?.description ?? "",
      edited: p?.edited === true,
      size: size[s]!,
      share: n === 0 ? 0 : size[s]! / n,
      atypical: atypical[s]!,
      meanDistance: size[s]! === 0 ? null : dist[s]! / size[s]!,
      rule: typeof rule?.["text"] === "string" ? rule["text"] : null,
      folder: segmentFolderName(s, name),
    };
  });
}

/** Options of {@link writeSegmentsFolder} and {@link writeSegmentsFiles}. */
export interface WriteSegmentsFolderOptions extends CsvWriteOptions {
  /** The run id written to the folder's `manifest.json`. Default: the model's `runId`, else a hash of the model. */
  runId?: string;
  /** Per-segment activation files to write, one per format. Default `["ids"]` (users.csv only). */
  activation?: readonly ActivationFormat[];
  /**
   * Also write `assignments.csv` (every user) into the folder. Default true; a run folder passes
   * false, since its own assignments.csv already holds every user.
   */
  assignments?: boolean;
}

/**
 * Writes the documented `segments/` folder: `README.md`, `segments.json` and `segments.csv`
 * (one summary per segment), `assignments.csv` (every user; unless `assignments: false`), and
 * per segment a folder `NN-name/` with the user ids in the upload formats asked for (see
 * {@link ACTIVATION_FILES}: `users.csv` for `ids`, the default, `posthog.csv`, `amplitude.csv`,
 * `mixpanel.csv`; streamed in chunks of 65,536 rows), and `manifest.json` listing them.
 *
 * The folder is written as one unit (`replaceFolder` of `io/`): built in a temporary sibling and
 * switched into place when complete, so readers never see a half written folder. An existing
 * folder is replaced only when it holds nothing but the files its manifest lists (a folder
 * SegmentLab wrote); any other non-empty folder is refused and left untouched.
 *
 * @param model - the segment model (names, descriptions, rules).
 * @param a - the assignments to write (from `assign`).
 * @param dir - the folder to write (created).
 * @param options - see {@link WriteSegmentsFolderOptions}.
 * @returns the segment summaries written.
 * @throws {SegmentLabError} when `dir` holds files SegmentLab did not write.
 * @example
 * await writeSegmentsFolder(model, a, "out/segments");
 * fs.readdirSync("out/segments"); // => ["00-power-users", …, "README.md", "assignments.csv", "manifest.json", "segments.csv", "segments.json"]
 */
export async function writeSegmentsFolder(
  model: SegmentModel,
  a: Assignments,
  dir: string,
  options: WriteSegmentsFolderOptions = {},
): Promise<SegmentSummary[]> {
  const summaries = summarizeSegments(model, a);
  const runId = options.runId ?? runIdOf(model);
  return replaceFolder(
    dir,
    runId,
    (tmp) => {
      writeSegmentsFiles(model, a, tmp, options);
      return summaries;
    },
    { isLegacyLayout: isLegacySegmentsFolder },
  );
}

const LEGACY_TOP = new Set(["README.md", "segments.json", "segments.csv", "assignments.csv"]);
const LEGACY_COHORT = new Set<string>(ACTIVATION_FILES.map((f) => f.file));

/**
 * True for a segments folder written before manifests existed: `segments.json` is there and
 * every file is one of the documented layout's (`README.md`, `segments.*`, `assignments.csv`,
 * `NN-name/{users,posthog,amplitude,mixpanel}.csv`).
 *
 * @example
 * isLegacySegmentsFolder("out/segments", ["README.md", "segments.json", "00-a/users.csv"]); // => true
 */
export function isLegacySegmentsFolder(_dir: string, files: readonly string[]): boolean {
  return (
    files.includes("segments.json") &&
    files.every((f) => {
      const parts = f.split("/");
      if (parts.length === 1) return LEGACY_TOP.has(f);
      return (
        parts.length === 2 && /^\d{2,}-[a-z0-9-]+$/.test(parts[0]!) && LEGACY_COHORT.has(parts[1]!)
      );
    })
  );
}

/**
 * The run id of a model: its `runId` field, else the first 16 hex digits of the SHA-256 of
 * its JSON (deterministic: the same run gives the same id).
 *
 * @example
 * runIdOf(model); // => "3f2a9c0d5e6b7a81"
 */
export function runIdOf(model: SegmentModel): string {
  const id = (model as { runId?: unknown }).runId;
  return typeof id === "string"
    ? id
    : createHash("sha256").update(JSON.stringify(model)).digest("hex").slice(0, 16);
}

/**
 * Writes the files of the segments folder (see {@link writeSegmentsFolder}) into `dir`, a new
 * folder the caller owns (a run folder being built), with its `manifest.json`.
 *
 * @param model - the segment model.
 * @param a - the assignments.
 * @param dir - the folder to write into (created if missing; it should be new or empty).
 * @param options - see {@link WriteSegmentsFolderOptions}.
 * @returns the segment summaries written.
 * @example
 * writeSegmentsFiles(model, a, "out/.run.tmp-1/segments");
 */
export function writeSegmentsFiles(
  model: SegmentModel,
  a: Assignments,
  dir: string,
  options: WriteSegmentsFolderOptions = {},
): SegmentSummary[] {
  const summaries = summarizeSegments(model, a);
  const csv: CsvWriteOptions = options.spreadsheetSafe === true ? { spreadsheetSafe: true } : {};
  fs.mkdirSync(dir, { recursive: true });
  const formats = ACTIVATION_FILES.filter((f) =>
    (options.activation ?? ["ids"]).includes(f.format),
  );
  const withAssignments = options.assignments ?? true;
  fs.writeFileSync(path.join(dir, "README.md"), readme(model, summaries, formats, withAssignments));
  fs.writeFileSync(path.join(dir, "segments.json"), `${JSON.stringify(summaries, null, 2)}\n`);
  const head = [
    "segment_id",
    "name",
    "size",
    "share",
    "atypical",
    "mean_distance",
    "edited",
    "rule",
    "description",
    "folder",
  ];
  const rows = summaries.map((s): CsvCell[] => [
    s.segmentId,
    s.name,
    s.size,
    s.share,
    s.atypical,
    s.meanDistance ?? Infinity,
    s.edited,
    s.rule ?? "",
    s.description,
    s.folder,
  ]);
  fs.writeFileSync(path.join(dir, "segments.csv"), csvText(head, rows, csv));
  if (withAssignments) writeAssignmentsCsv(path.join(dir, "assignments.csv"), a, csv);
  // Members of each segment, grouped by one counting sort (row order kept within a segment).
  const k = summaries.length;
  const start = new Int32Array(k + 1);
  for (let i = 0; i < a.segmentId.length; i++) start[a.segmentId[i]! + 1]!++;
  for (let s = 0; s < k; s++) start[s + 1]! += start[s]!;
  const members = new Int32Array(a.segmentId.length);
  const next = start.slice(0, k);
  for (let i = 0; i < a.segmentId.length; i++) members[next[a.segmentId[i]!]!++] = i;
  for (const s of summaries) {
    const sub = path.join(dir, s.folder);
    fs.mkdirSync(sub);
    const rows = members.subarray(start[s.segmentId]!, start[s.segmentId + 1]!);
    for (const f of formats) {
      const suffix = f.header.length === 1 ? "" : `,${csvField(s.name, csv)}`;
      writeIdFile(path.join(sub, f.file), csvLine(f.header, csv), a.userId, rows, suffix, csv);
    }
  }
  writeManifest(dir, options.runId ?? runIdOf(model));
  return summaries;
}

/** Writes a header line, then `id + suffix` per row, in chunks of {@link CHUNK_ROWS} rows. */
function writeIdFile(
  file: string,
  headerLine: string,
  ids: readonly string[],
  rows: Int32Array,
  suffix: string,
  csv: CsvWriteOptions,
): void {
  const fd = fs.openSync(file, "w");
  try {
    fs.writeSync(fd, headerLine);
    for (let c = 0; c < rows.length; c += CHUNK_ROWS) {
      let chunk = "";
      const end = Math.min(rows.length, c + CHUNK_ROWS);
      for (let t = c; t < end; t++) chunk += `${csvField(ids[rows[t]!]!, csv)}${suffix}\n`;
      fs.writeSync(fd, chunk);
    }
  } finally {
    fs.closeSync(fd);
  }
}

const FORMAT_HELP: Record<ActivationFormat, string> = {
  ids: "| `NN-name/users.csv` | the segment's user ids, header `user_id` (generic) |",
  posthog:
    "| `NN-name/posthog.csv` | header `distinct_id` — PostHog: Cohorts → New cohort → static, upload CSV (PostHog also accepts `person_id` or `email` columns) |",
  amplitude:
    "| `NN-name/amplitude.csv` | header `user_id` — Amplitude: Cohorts → upload a list of user ids (by User ID) |",
  mixpanel:
    "| `NN-name/mixpanel.csv` | headers `$distinct_id,segmentlab_segment` — Mixpanel: Users → Add/Edit Profile → Import from CSV (map column 1 to `$distinct_id`), then a cohort `segmentlab_segment = <name>` |",
};

function readme(
  model: SegmentModel,
  summaries: SegmentSummary[],
  formats: readonly { format: ActivationFormat }[],
  withAssignments: boolean,
): string {
  const lines = [
    "# Segments",
    "",
    `Written by SegmentLab ${model.library.version} from a model created ${model.createdAt}`,
    `(data fingerprint \`${model.provenance.fingerprint.value.slice(0, 16)}…\`). ${summaries.length} segments,`,
    `${summaries.reduce((s, x) => s + x.size, 0)} users.`,
    "",
    "## Files",
    "",
    "| file | content |",
    "| --- | --- |",
    "| `segments.json` | one object per segment: `segmentId`, `name`, `description`, `edited`, `size`, `share`, `atypical`, `meanDistance`, `rule`, `folder` |",
    "| `segments.csv` | the same, one row per segment: `segment_id,name,size,share,atypical,mean_distance,edited,rule,description,folder` |",
    withAssignments
      ? "| `assignments.csv` | every user: `user_id,segment_id,persona,distance,margin,atypical` |"
      : "| `../assignments.csv` | every user: `user_id,segment_id,persona,distance,margin,atypical` (the run folder's) |",
    "| `manifest.json` | the run id and every file's size and SHA-256: SegmentLab replaces this folder only while it holds nothing else |",
    ...formats.map((f) => FORMAT_HELP[f.format]),
    "",
    `Activation formats written: ${formats.map((f) => f.format).join(", ")} (others on request:`,
    "`--activation posthog,amplitude,mixpanel,ids`).",
    "",
    "CSV files are UTF-8, comma-separated, RFC 4180 quoting, `\\n` line ends. Segment ids are the",
    "model's (ordered by size at training time); `NN` is the id with two digits.",
    "",
    "## Segments",
    "",
    "| id | name | users | share | atypical | folder |",
    "| --- | --- | --- | --- | --- | --- |",
    ...summaries.map(
      (s) =>
        `| ${s.segmentId} | ${mdCell(s.name)} | ${s.size} | ${(100 * s.share).toFixed(1)} % | ${s.atypical} | \`${s.folder}\` |`,
    ),
    "",
  ];
  return lines.join("\n");
}

function mdCell(s: string): string {
  return s.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, " ");
}
