/**
 * The run folder `segmentlab discover --out DIR` writes, and its regeneration after edits
 * (`segmentlab rename`, `segmentlab report DIR`):
 *
 * | file | what |
 * | --- | --- |
 * | model.json | the versioned segment model (spec, preprocessing, PCA, centroids, personas, rules, metrics, profiles, provenance) |
 * | assignments.csv | user_id, segment_id, persona, distance, margin, atypical — one row per user |
 * | personas.md / personas.html | one persona card per segment |
 * | report.html | the self-contained report (charts inline, no network needed) |
 * | report-input.json | the data behind the report, so it can be rebuilt without the input data |
 * | segments/ | per-segment user id lists for PostHog, Amplitude, Mixpanel; summaries (see export/) |
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { SegmentLabError } from "./errors.js";
import { writeSegmentsFolder } from "./export/write-segments-folder.js";
import { assignTable, type Assignments } from "./model/assign.js";
import {
  loadSegmentModel,
  saveSegmentModel,
  writeFileAtomic,
} from "./model/parse-segment-model.js";
import type { SegmentModel } from "./model/schema.js";
import { csvField, writeAssignments } from "./model/write-assignments.js";
import type { AtypicalUsers } from "./persona/flag-atypical.js";
import type { Persona } from "./persona/name-personas.js";
import { personaCardsHtml, personaCardsMarkdown } from "./persona/persona-cards.js";
import type { Structure } from "./select/recommend-k.js";
import { renamePersona } from "./persona/rename-persona.js";
import type { DiscoverResult } from "./pipeline.js";
import type { SegmentRules } from "./profile/fit-segment-rules.js";
import type { SegmentProfiles } from "./profile/profile-segments.js";
import { buildReportHtml } from "./report/build-report-html.js";
import { loadReportInput } from "./report/parse-report-input.js";
import type { ReportExport, ReportInput } from "./report/types.js";
import { toReportInput } from "./run-report.js";

/** The files of a run folder, by role. */
export const RUN_FILES = {
  model: "model.json",
  assignments: "assignments.csv",
  personasMd: "personas.md",
  personasHtml: "personas.html",
  report: "report.html",
  reportInput: "report-input.json",
  segments: "segments",
} as const;

const EXPORTS: ReportExport[] = [
  {
    file: RUN_FILES.model,
    description:
      "the versioned segment model: apply it with `segmentlab assign`, export SQL with `segmentlab export`",
  },
  {
    file: RUN_FILES.assignments,
    description: "every user's segment, persona, distance, margin and atypical flag",
  },
  { file: RUN_FILES.personasMd, description: "persona cards (Markdown) to paste into docs" },
  { file: RUN_FILES.personasHtml, description: "persona cards (HTML)" },
  {
    file: RUN_FILES.reportInput,
    description: "the data behind this report (`segmentlab report DIR` rebuilds it)",
  },
];

/**
 * Checks, before any work, that a run folder would not overwrite one of the input files.
 *
 * @throws {SegmentLabError} naming the input file that a run-folder file would replace.
 * @example
 * checkRunFolderTarget("out/run1", ["events.csv"]); // passes
 */
export function checkRunFolderTarget(dir: string, inputs: readonly string[]): void {
  const resolved = new Set(inputs.map((f) => path.resolve(f)));
  for (const name of Object.values(RUN_FILES)) {
    const p = path.join(dir, name);
    if (resolved.has(path.resolve(p)))
      throw new SegmentLabError(
        `refusing to overwrite input file ${p}: choose another --out folder`,
      );
  }
}

/** Options of {@link writeRunFolder}. */
export interface WriteRunFolderOptions {
  /** Input files: never overwritten (an output path equal to one is an error). */
  inputs?: readonly string[];
  /** What data was analysed, in words, for the report. Default: the input file names. */
  dataLabel?: string;
  /** Write report.html (and report-input.json). Default true. */
  report?: boolean;
}

/**
 * Writes a discovery's run folder (see the module comment for the files). Every file is
 * written atomically (temp file + rename); input files are never overwritten.
 *
 * @param run - the result of `discover`.
 * @param dir - the folder (created if missing).
 * @param options - see {@link WriteRunFolderOptions}.
 * @returns the paths written, and the assignments (for the caller's summary).
 * @throws {SegmentLabError} when an output would overwrite an input file.
 * @example
 * await writeRunFolder(await discover({ events: ["events.csv"] }), "out/run1");
 */
export async function writeRunFolder(
  run: DiscoverResult,
  dir: string,
  options: WriteRunFolderOptions = {},
): Promise<{ files: string[]; assignments: Assignments }> {
  const inputs = (options.inputs ?? []).map((f) => path.resolve(f));
  const target = (name: string) => {
    const p = path.join(dir, name);
    if (inputs.includes(path.resolve(p)))
      throw new SegmentLabError(
        `refusing to overwrite input file ${p}: choose another --out folder`,
      );
    return p;
  };
  fs.mkdirSync(dir, { recursive: true });
  const model: SegmentModel = {
    ...run.model,
    profiles: run.profiles,
    metrics: { ...run.model.metrics, atypicalCounts: run.atypical.countPerSegment },
  };
  const files: string[] = [];
  saveSegmentModel(target(RUN_FILES.model), model);
  files.push(RUN_FILES.model);

  const assignments = assignTable(model, run.table);
  await writeAssignments(target(RUN_FILES.assignments), assignments, { inputs });
  files.push(RUN_FILES.assignments);
  writeSegmentsFolder(model, assignments, target(RUN_FILES.segments));
  files.push(`${RUN_FILES.segments}/`);

  const cards = cardsInput(
    model,
    run.profiles,
    run.rules,
    run.personas,
    run.atypical,
    run.warnings,
  );
  writeFileAtomic(target(RUN_FILES.personasMd), personaCardsMarkdown(cards));
  writeFileAtomic(target(RUN_FILES.personasHtml), personaCardsHtml(cards));
  files.push(RUN_FILES.personasMd, RUN_FILES.personasHtml);

  if (options.report !== false) {
    const input = toReportInput(run, {
      dataLabel: options.dataLabel ?? dataLabelOf(model),
      exports: EXPORTS,
    });
    writeFileAtomic(target(RUN_FILES.reportInput), JSON.stringify(input, null, 1) + "\n");
    writeFileAtomic(target(RUN_FILES.report), await buildReportHtml(input));
    files.push(RUN_FILES.reportInput, RUN_FILES.report);
  }
  return { files, assignments };
}

/**
 * Rebuilds the outputs that come from model.json after it was edited (a rename, a new
 * description): personas.md/html, report.html (from report-input.json with the model's current
 * names) and the persona column of assignments.csv.
 *
 * @param dir - a run folder written by {@link writeRunFolder}.
 * @returns the files rewritten.
 * @throws {SegmentLabError} when the folder has no model.json, or the model is invalid.
 * @example
 * await regenerateRunFolder("out/run1"); // => ["personas.md", "personas.html", "report.html", "assignments.csv"]
 */
export async function regenerateRunFolder(dir: string): Promise<string[]> {
  const modelPath = path.join(dir, RUN_FILES.model);
  if (!fs.existsSync(modelPath))
    throw new SegmentLabError(`${dir} is not a run folder: ${modelPath} does not exist`);
  const model = loadSegmentModel(modelPath);
  const personas = modelPersonas(model);
  const written: string[] = [];
  const profiles = model["profiles"] as SegmentProfiles | undefined;
  if (profiles !== undefined) {
    const counts = (model.metrics["atypicalCounts"] as number[] | undefined) ?? [];
    const atypical: AtypicalUsers = {
      percentile: (model.atypical?.percentile ?? 99) / 100,
      scope: "segment",
      thresholds: model.atypical?.perSegment ?? [],
      flags: new Uint8Array(0),
      countPerSegment: counts,
      count: counts.reduce((a, b) => a + b, 0),
    };
    const cards = cardsInput(
      model,
      profiles,
      model.rules as unknown as SegmentRules,
      personas,
      atypical,
      model.warnings,
    );
    writeFileAtomic(path.join(dir, RUN_FILES.personasMd), personaCardsMarkdown(cards));
    writeFileAtomic(path.join(dir, RUN_FILES.personasHtml), personaCardsHtml(cards));
    written.push(RUN_FILES.personasMd, RUN_FILES.personasHtml);
  }
  const inputPath = path.join(dir, RUN_FILES.reportInput);
  if (fs.existsSync(inputPath)) {
    const input = withCurrentNames(loadReportInput(inputPath), personas);
    writeFileAtomic(inputPath, JSON.stringify(input, null, 1) + "\n");
    writeFileAtomic(path.join(dir, RUN_FILES.report), await buildReportHtml(input));
    written.push(RUN_FILES.report);
  }
  const assignmentsPath = path.join(dir, RUN_FILES.assignments);
  if (fs.existsSync(assignmentsPath)) {
    renameInAssignments(assignmentsPath, personas);
    written.push(RUN_FILES.assignments);
    const segmentsDir = path.join(dir, RUN_FILES.segments);
    if (fs.existsSync(segmentsDir)) {
      writeSegmentsFolder(model, readAssignmentsCsv(assignmentsPath), segmentsDir);
      written.push(`${RUN_FILES.segments}/`);
    }
  }
  return written;
}

/**
 * Renames a segment's persona in a model file (validated: the segment exists, the name is
 * non-empty, at most 60 characters, and unique) and marks it edited, so reruns keep it.
 *
 * @param modelPath - path of model.json.
 * @param segment - segment id.
 * @param name - the new name.
 * @param description - a new one-line description (optional).
 * @returns the updated model (also saved atomically to `modelPath`).
 * @throws {SegmentLabError} naming the file and the problem.
 * @example
 * renameSegment("out/run1/model.json", 3, "Night Owls").personas[3].name; // => "Night Owls"
 */
export function renameSegment(
  modelPath: string,
  segment: number,
  name: string,
  description?: string,
): SegmentModel {
  const model = loadSegmentModel(modelPath);
  let personas: Persona[];
  try {
    personas = renamePersona(modelPersonas(model), segment, name, description);
  } catch (e) {
    throw new SegmentLabError(`${modelPath}: ${(e as Error).message}`);
  }
  const updated: SegmentModel = {
    ...model,
    personas: personas.map((p) => ({ ...p, segmentId: p.segment })),
  };
  saveSegmentModel(modelPath, updated);
  return updated;
}

/** The model's personas in the persona stage's shape (segment = segmentId). */
export function modelPersonas(model: SegmentModel): Persona[] {
  return model.personas.map((p) => ({ ...(p as unknown as Persona), segment: p.segmentId }));
}

function cardsInput(
  model: SegmentModel,
  profiles: SegmentProfiles,
  rules: SegmentRules,
  personas: Persona[],
  atypical: AtypicalUsers,
  warnings: string[],
) {
  return {
    profiles,
    personas,
    ...(rules ? { rules } : {}),
    atypical,
    warnings,
    title: `Personas — ${dataLabelOf(model)}`,
    structure: (model.metrics["structure"] as Structure | undefined) ?? null,
  };
}

function dataLabelOf(model: SegmentModel): string {
  const files = model.provenance.files.map((f) => f.name);
  return files.length > 0 ? files.join(", ") : "per-user table";
}

function withCurrentNames(input: ReportInput, personas: Persona[]): ReportInput {
  const byId = new Map(personas.map((p) => [p.segment, p]));
  return {
    ...input,
    segments: input.segments.map((s) => {
      const p = byId.get(s.segmentId);
      return p ? { ...s, name: p.name, description: p.description } : s;
    }),
    ...(input.profile
      ? {
          profile: input.profile.map((c) => ({
            ...c,
            segmentName: byId.get(c.segmentId)?.name ?? c.segmentName,
          })),
        }
      : {}),
  };
}

/** Rewrites the persona column (3rd) of an assignments.csv written by writeAssignments. */
function renameInAssignments(file: string, personas: Persona[]): void {
  const names = new Map(personas.map((p) => [p.segment, p.name]));
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const out = lines.map((line, i) => {
    if (i === 0 || line === "") return line;
    const fields = splitCsvLine(line);
    const name = names.get(Number(fields[1]));
    if (name === undefined) return line;
    fields[2] = csvField(name);
    return fields.join(",");
  });
  writeFileAtomic(file, out.join("\n"));
}

/** Reads an assignments.csv written by writeAssignments back into columns. */
function readAssignmentsCsv(file: string): Assignments {
  const rows = fs
    .readFileSync(file, "utf8")
    .split("\n")
    .slice(1)
    .filter((l) => l !== "")
    .map((l) => splitCsvLine(l).map(unquote));
  const num = (x: string) => (x === "" ? Infinity : Number(x));
  return {
    userId: rows.map((r) => r[0]!),
    segmentId: Int32Array.from(rows, (r) => Number(r[1])),
    persona: rows.map((r) => r[2]!),
    distance: Float64Array.from(rows, (r) => num(r[3]!)),
    margin: Float64Array.from(rows, (r) => num(r[4]!)),
    atypical: Uint8Array.from(rows, (r) => (r[5] === "true" ? 1 : 0)),
    warnings: [],
  };
}

function unquote(field: string): string {
  return field.startsWith('"') ? field.slice(1, -1).replaceAll('""', '"') : field;
}

/** Splits one CSV line into raw fields (quotes kept), honouring quoted commas. */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    if (ch === "," && !quoted) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}
