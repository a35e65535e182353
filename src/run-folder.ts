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
 * | segments/ | per-segment user id lists (`ids` by default; PostHog, Amplitude, Mixpanel on request); summaries (see export/) |
 * | manifest.json | the run id and every file's size and SHA-256 (written last: the completion marker) |
 *
 * The folder is one unit (`io/output-folder.ts`): built in a temporary sibling and switched into
 * place when complete; readers (`report`, `rename`, `assign` beside it) check the manifest first.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { SegmentLabError } from "./errors.js";
import {
  ACTIVATION_FILES,
  isLegacySegmentsFolder,
  runIdOf,
  writeSegmentsFiles,
  type ActivationFormat,
} from "./export/write-segments-folder.js";
import {
  checkInputsOutside,
  checkOwnedFolder,
  MANIFEST_FILE,
  replaceFolder,
  verifyFolder,
} from "./io/output-folder.js";
import { assignTable, type Assignments } from "./model/assign.js";
import { loadSegmentModel, saveSegmentModel } from "./model/parse-segment-model.js";
import type { SegmentModel } from "./model/schema.js";
import {
  parseAssignmentsCsv,
  writeAssignments,
  writeAssignmentsCsv,
} from "./model/write-assignments.js";
import type { AtypicalUsers } from "./persona/flag-atypical.js";
import type { Persona } from "./persona/name-personas.js";
import { personaCardsHtml, personaCardsMarkdown } from "./persona/persona-cards.js";
import type { Structure } from "./select/recommend-k.js";
import type { DataKind, ValueKind } from "./persona/themes.js";
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
 * Checks, before any work, that a run folder can be written: no input path lies inside it (an
 * input would be replaced with the folder), and the folder, if it exists, holds only files a
 * previous SegmentLab run wrote (its manifest lists them).
 *
 * @param dir - the run folder.
 * @param inputs - every input path of the run.
 * @throws {SegmentLabError} naming the input inside the folder, or the foreign files.
 * @example
 * checkRunFolderTarget("out/run1", ["events.csv"]); // passes
 */
export function checkRunFolderTarget(dir: string, inputs: readonly string[]): void {
  checkInputsOutside([dir], inputs);
  checkOwnedFolder(dir, { isLegacyLayout: isLegacyRunFolder });
}

/**
 * True for a run folder written before manifests existed: `model.json` is a segment model and
 * every other file is one a run writes (the run files, and a segments folder of the documented
 * layout). Such a folder may be replaced; anything else without a manifest is refused.
 *
 * @example
 * isLegacyRunFolder("out/demo", ["model.json", "assignments.csv", "report.html"]); // => true when model.json is a segment model
 */
export function isLegacyRunFolder(dir: string, files: readonly string[]): boolean {
  const top = new Set<string>([
    RUN_FILES.model,
    RUN_FILES.assignments,
    RUN_FILES.personasMd,
    RUN_FILES.personasHtml,
    RUN_FILES.report,
    RUN_FILES.reportInput,
  ]);
  const prefix = `${RUN_FILES.segments}/`;
  const segmentFiles = files.filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length));
  if (!files.includes(RUN_FILES.model)) return false;
  if (!files.every((f) => top.has(f) || f.startsWith(prefix))) return false;
  if (segmentFiles.length > 0 && !isLegacySegmentsFolder(dir, segmentFiles)) return false;
  try {
    loadSegmentModel(path.join(dir, RUN_FILES.model));
    return true;
  } catch (e) {
    if (e instanceof SegmentLabError) return false;
    throw e;
  }
}

/** Options of {@link writeRunFolder}. */
export interface WriteRunFolderOptions {
  /** Input files: an input inside the run folder is an error (nothing is written). */
  inputs?: readonly string[];
  /** What data was analysed, in words, for the report. Default: the input file names. */
  dataLabel?: string;
  /** Write report.html (and report-input.json). Default true. */
  report?: boolean;
  /** Write text fields that look like spreadsheet formulas with a leading `'` (see `io/csv.ts`). Default false. */
  spreadsheetSafe?: boolean;
  /** Per-segment activation files in segments/, one per format. Default `["ids"]`. */
  activation?: readonly ActivationFormat[];
  /** Called as each file (or group of files) starts, with what is being written. */
  onProgress?: (step: string) => void;
}

/**
 * Writes a discovery's run folder (see the module comment for the files) as one unit: every file
 * is written into a temporary sibling folder, `manifest.json` last, and the folder is switched
 * into place only when complete. A failed or interrupted run leaves the previous folder as it
 * was; a folder holding files SegmentLab did not write, or an input inside the folder, is
 * refused before anything is written. Every file carries the run id: model.json and
 * report-input.json in a `runId` field, the rest through the manifest's hashes.
 *
 * @param run - the result of `discover`.
 * @param dir - the folder (created if missing, with its parents).
 * @param options - see {@link WriteRunFolderOptions}.
 * @returns the paths written, the run id, and the assignments (for the caller's summary).
 * @throws {SegmentLabError} when an input lies inside `dir`, or `dir` holds foreign files.
 * @example
 * await writeRunFolder(await discover({ events: ["events.csv"] }), "out/run1");
 */
export async function writeRunFolder(
  run: DiscoverResult,
  dir: string,
  options: WriteRunFolderOptions = {},
): Promise<{ files: string[]; runId: string; assignments: Assignments }> {
  checkRunFolderTarget(dir, options.inputs ?? []);
  const base: SegmentModel = {
    ...run.model,
    profiles: run.profiles,
    metrics: { ...run.model.metrics, atypicalCounts: run.atypical.countPerSegment },
  };
  const runId = runIdOf(base);
  const model: SegmentModel = { ...base, runId };
  const csv = options.spreadsheetSafe === true ? { spreadsheetSafe: true } : {};
  const progress = options.onProgress ?? (() => undefined);
  progress("assigning users");
  const assignments = assignTable(model, run.table);
  const files = await replaceFolder(
    dir,
    runId,
    async (tmp) => {
      const written: string[] = [];
      progress("writing model.json");
      saveSegmentModel(path.join(tmp, RUN_FILES.model), model);
      written.push(RUN_FILES.model);
      progress("writing assignments.csv");
      await writeAssignments(path.join(tmp, RUN_FILES.assignments), assignments, csv);
      written.push(RUN_FILES.assignments);
      progress("writing segments/");
      // The run folder's assignments.csv holds every user: segments/ gets no second copy.
      writeSegmentsFiles(model, assignments, path.join(tmp, RUN_FILES.segments), {
        ...csv,
        runId,
        activation: options.activation ?? ["ids"],
        assignments: false,
      });
      written.push(`${RUN_FILES.segments}/`);
      progress("writing persona cards");
      const cards = cardsInput(
        model,
        run.profiles,
        run.rules,
        run.personas,
        run.atypical,
        run.warnings,
      );
      fs.writeFileSync(path.join(tmp, RUN_FILES.personasMd), personaCardsMarkdown(cards));
      fs.writeFileSync(path.join(tmp, RUN_FILES.personasHtml), personaCardsHtml(cards));
      written.push(RUN_FILES.personasMd, RUN_FILES.personasHtml);
      if (options.report !== false) {
        progress("building the report");
        const input: ReportInput = {
          runId,
          ...toReportInput(run, {
            dataLabel: options.dataLabel ?? dataLabelOf(model),
            exports: EXPORTS,
          }),
        };
        fs.writeFileSync(
          path.join(tmp, RUN_FILES.reportInput),
          JSON.stringify(input, null, 1) + "\n",
        );
        fs.writeFileSync(path.join(tmp, RUN_FILES.report), await buildReportHtml(input));
        written.push(RUN_FILES.reportInput, RUN_FILES.report);
      }
      written.push(MANIFEST_FILE);
      return written;
    },
    { isLegacyLayout: isLegacyRunFolder },
  );
  return { files, runId, assignments };
}

/**
 * Checks a run folder before reading it: its manifest is present (the run completed), the files
 * read as data (assignments.csv, report-input.json) have the size and hash the manifest lists,
 * no file the run did not write is in it, and model.json and report-input.json carry the
 * manifest's run id. model.json may have been edited by hand (its run id is checked); the
 * cards, report.html and segments/ may be missing or changed (they are rebuilt).
 *
 * @param dir - the run folder.
 * @returns the run id.
 * @throws {SegmentLabError} naming the folder and the file that does not belong to the run.
 * @example
 * verifyRunFolder("out/run1"); // => "3f2a9c0d5e6b7a81"
 */
export function verifyRunFolder(dir: string): string {
  const modelPath = path.join(dir, RUN_FILES.model);
  if (!fs.existsSync(modelPath))
    throw new SegmentLabError(`${dir} is not a run folder: ${modelPath} does not exist`);
  // model.json carries the run id itself (and may be edited by hand); the cards, the report
  // and segments/ are rebuilt from it. What is read as data must be exactly what the run wrote.
  const manifest = verifyFolder(dir, {
    derived: [
      RUN_FILES.model,
      RUN_FILES.personasMd,
      RUN_FILES.personasHtml,
      RUN_FILES.report,
      RUN_FILES.segments,
    ],
  });
  const model = loadSegmentModel(modelPath);
  if (runIdOf(model) !== manifest.runId)
    throw new SegmentLabError(
      `${modelPath}: the model's run id ${runIdOf(model)} is not the folder's (${manifest.runId}); run discover again`,
    );
  const inputPath = path.join(dir, RUN_FILES.reportInput);
  if (fs.existsSync(inputPath)) {
    const id = loadReportInput(inputPath).runId;
    if (id !== manifest.runId)
      throw new SegmentLabError(
        `${inputPath}: run id ${String(id)} is not the folder's (${manifest.runId}); run discover again`,
      );
  }
  return manifest.runId;
}

/**
 * Loads a model file; when it sits in a folder with a manifest (a run folder), the folder is
 * checked first ({@link verifyRunFolder}), so a model from an interrupted or mixed run is
 * refused. A model file on its own is loaded as it is.
 *
 * @param file - path of model.json.
 * @returns the validated model.
 * @throws {SegmentLabError} when the model or its run folder is invalid.
 * @example
 * loadModelOfRun("out/run1/model.json").kmeans.centroids.length; // => 7
 */
export function loadModelOfRun(file: string): SegmentModel {
  const dir = path.dirname(file);
  if (path.basename(file) === RUN_FILES.model && fs.existsSync(path.join(dir, MANIFEST_FILE)))
    verifyRunFolder(dir);
  return loadSegmentModel(file);
}

/** Options of {@link regenerateRunFolder}. */
export interface RegenerateRunFolderOptions {
  /** Rename a persona (validated as {@link renameSegment}) before regenerating. */
  rename?: { segment: number; name: string; description?: string };
}

/**
 * Rebuilds the outputs that come from model.json after it was edited (a rename, a new
 * description): personas.md/html, report.html (from report-input.json with the model's current
 * names), the persona column of assignments.csv and the segments folder. The folder is checked
 * first ({@link verifyRunFolder}) and rewritten as one unit (a copy is edited, then switched in).
 *
 * @param dir - a run folder written by {@link writeRunFolder}.
 * @param options - see {@link RegenerateRunFolderOptions}.
 * @returns the files rewritten.
 * @throws {SegmentLabError} when the folder is incomplete or mixed, or the model is invalid.
 * @example
 * await regenerateRunFolder("out/run1"); // => ["personas.md", "personas.html", "report.html", "assignments.csv", "segments/"]
 */
export async function regenerateRunFolder(
  dir: string,
  options: RegenerateRunFolderOptions = {},
): Promise<string[]> {
  const runId = verifyRunFolder(dir);
  const modelPath = path.join(dir, RUN_FILES.model);
  return replaceFolder(dir, runId, async (tmp) => {
    fs.cpSync(dir, tmp, { recursive: true });
    fs.rmSync(path.join(tmp, MANIFEST_FILE));
    const tmpModel = path.join(tmp, RUN_FILES.model);
    if (options.rename !== undefined) {
      const r = options.rename;
      editSegment({ modelPath: tmpModel, source: modelPath, ...r });
    }
    return regenerateFiles(tmp, modelPath);
  });
}

async function regenerateFiles(dir: string, source: string): Promise<string[]> {
  const model = loadSegmentModel(path.join(dir, RUN_FILES.model), source);
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
    fs.writeFileSync(path.join(dir, RUN_FILES.personasMd), personaCardsMarkdown(cards));
    fs.writeFileSync(path.join(dir, RUN_FILES.personasHtml), personaCardsHtml(cards));
    written.push(RUN_FILES.personasMd, RUN_FILES.personasHtml);
  }
  const inputPath = path.join(dir, RUN_FILES.reportInput);
  if (fs.existsSync(inputPath)) {
    const input = withCurrentNames(loadReportInput(inputPath), personas);
    fs.writeFileSync(inputPath, JSON.stringify(input, null, 1) + "\n");
    fs.writeFileSync(path.join(dir, RUN_FILES.report), await buildReportHtml(input));
    written.push(RUN_FILES.report);
  }
  const assignmentsPath = path.join(dir, RUN_FILES.assignments);
  if (fs.existsSync(assignmentsPath)) {
    const shown = path.join(path.dirname(source), RUN_FILES.assignments);
    const a = parseAssignmentsCsv(fs.readFileSync(assignmentsPath, "utf8"), shown);
    const names = new Map(personas.map((p) => [p.segment, p.name]));
    const renamed: Assignments = {
      ...a,
      persona: a.persona.map((p, i) => names.get(a.segmentId[i]!) ?? p),
    };
    writeAssignmentsCsv(assignmentsPath, renamed);
    written.push(RUN_FILES.assignments);
    const segmentsDir = path.join(dir, RUN_FILES.segments);
    if (fs.existsSync(segmentsDir)) {
      // Rebuilt with the formats it held, and its own assignments.csv only if it had one.
      const activation = activationFormatsIn(segmentsDir);
      const withAssignments = fs.existsSync(path.join(segmentsDir, RUN_FILES.assignments));
      fs.rmSync(segmentsDir, { recursive: true });
      writeSegmentsFiles(model, renamed, segmentsDir, {
        runId: runIdOf(model),
        activation,
        assignments: withAssignments,
      });
      written.push(`${RUN_FILES.segments}/`);
    }
  }
  return written;
}

/** The activation formats a segments folder holds (the files of its segment folders); ids if none. */
function activationFormatsIn(segmentsDir: string): ActivationFormat[] {
  const files = new Set<string>();
  for (const e of fs.readdirSync(segmentsDir, { withFileTypes: true }))
    if (e.isDirectory())
      for (const f of fs.readdirSync(path.join(segmentsDir, e.name))) files.add(f);
  const found = ACTIVATION_FILES.filter((f) => files.has(f.file)).map((f) => f.format);
  return found.length > 0 ? found : ["ids"];
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
  return editSegment({
    modelPath,
    source: modelPath,
    segment,
    name,
    ...(description !== undefined ? { description } : {}),
  });
}

function editSegment(edit: {
  modelPath: string;
  source: string;
  segment: number;
  name: string;
  description?: string;
}): SegmentModel {
  const model = loadSegmentModel(edit.modelPath, edit.source);
  let personas: Persona[];
  try {
    personas = renamePersona(modelPersonas(model), edit.segment, edit.name, edit.description);
  } catch (e) {
    throw new SegmentLabError(`${edit.source}: ${(e as Error).message}`);
  }
  const updated: SegmentModel = {
    ...model,
    personas: personas.map((p) => ({ ...p, segmentId: p.segment })),
  };
  saveSegmentModel(edit.modelPath, updated);
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
    ...(model.metrics["dataKind"] !== undefined
      ? { dataKind: model.metrics["dataKind"] as DataKind }
      : {}),
    ...(model.metrics["valueKind"] !== undefined
      ? { valueKind: model.metrics["valueKind"] as ValueKind }
      : {}),
    ...(Array.isArray(model.metrics["clusterOn"])
      ? { clusterOn: model.metrics["clusterOn"] as string[] }
      : {}),
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
