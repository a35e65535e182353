/**
 * Output folders that are one unit: written complete or not at all, owned by a manifest, never
 * holding (or replacing) a file SegmentLab did not write.
 *
 * - {@link replaceFolder} builds the new content in a temporary sibling (`.NAME.tmp-…`), writes
 *   `manifest.json` (the run id and every file's size and SHA-256) last, and switches it into
 *   place with two renames; a killed or failed run leaves the previous folder as it was. The
 *   next run removes stale temporary siblings and restores a previous folder a kill caught
 *   between the two renames.
 * - {@link checkOwnedFolder} refuses a folder that holds a file its manifest does not list.
 * - {@link checkInputsOutside} refuses an input path inside an output folder, before any work.
 * - {@link verifyFolder} is what every reader of a folder calls: the manifest is present and
 *   every file has the size and hash it lists.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { SegmentLabError } from "../errors.js";
import * as msg from "./messages.js";
import { trackTempPath, untrackTempPath } from "./temp-paths.js";

/** The manifest's file name, in every folder SegmentLab writes as a unit. */
export const MANIFEST_FILE = "manifest.json";

/** One file listed in a manifest. */
export interface ManifestEntry {
  /** Path relative to the folder, `/`-separated. */
  path: string;
  bytes: number;
  sha256: string;
}

/** `manifest.json`: what a folder written as a unit holds. */
export interface FolderManifest {
  format: "segmentlab-manifest";
  version: 1;
  /** The run the files belong to (the same id is in model.json and report-input.json). */
  runId: string;
  /** Every file but the manifest, sorted by path. */
  files: ManifestEntry[];
}

function listFiles(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix === "" ? e.name : `${prefix}/${e.name}`;
    if (e.isDirectory()) out.push(...listFiles(path.join(dir, e.name), rel));
    else out.push(rel);
  }
  return out.sort();
}

function hashFile(file: string): { bytes: number; sha256: string } {
  const data = fs.readFileSync(file);
  return { bytes: data.length, sha256: createHash("sha256").update(data).digest("hex") };
}

/**
 * Writes `manifest.json` into a folder, listing every other file in it (recursively) with its
 * size and SHA-256.
 *
 * @param dir - the folder, complete.
 * @param runId - the run's id.
 * @returns the manifest written.
 * @example
 * writeManifest("out/.run.tmp-1", "3f2a…").files.length; // => 12
 */
export function writeManifest(dir: string, runId: string): FolderManifest {
  const files = listFiles(dir)
    .filter((f) => f !== MANIFEST_FILE)
    .map((f) => ({ path: f, ...hashFile(path.join(dir, ...f.split("/"))) }));
  const manifest: FolderManifest = { format: "segmentlab-manifest", version: 1, runId, files };
  fs.writeFileSync(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 1) + "\n");
  return manifest;
}

/**
 * Reads a folder's `manifest.json`, or null when there is none.
 *
 * @throws {SegmentLabError} when the manifest exists but is not one SegmentLab wrote.
 * @example
 * readManifest("out/run")?.runId; // => "3f2a…"
 */
export function readManifest(dir: string): FolderManifest | null {
  const file = path.join(dir, MANIFEST_FILE);
  if (!fs.existsSync(file)) return null;
  let m: unknown;
  try {
    m = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new SegmentLabError(msg.badManifest(file, (e as Error).message));
  }
  const r = m as Partial<FolderManifest> | null;
  if (
    r === null ||
    typeof r !== "object" ||
    r.format !== "segmentlab-manifest" ||
    r.version !== 1 ||
    typeof r.runId !== "string" ||
    !Array.isArray(r.files) ||
    !r.files.every(
      (f) =>
        typeof f?.path === "string" && typeof f.bytes === "number" && typeof f.sha256 === "string",
    )
  )
    throw new SegmentLabError(msg.badManifest(file, "not a SegmentLab manifest"));
  return r as FolderManifest;
}

/** Options of {@link verifyFolder}. */
export interface VerifyFolderOptions {
  /**
   * Paths (files, or folders with all they hold) the reader rebuilds or checks by other means
   * (a run id inside the file): they may be missing or changed. Default none.
   */
  derived?: readonly string[];
}

/**
 * Checks a folder written as a unit before reading it: `manifest.json` is there (the run was
 * completed) and every file it lists has the listed size and hash; files it does not list are
 * reported too.
 *
 * @param dir - the folder.
 * @param options - see {@link VerifyFolderOptions}.
 * @returns the manifest.
 * @throws {SegmentLabError} naming the folder and the first file that does not belong to the run.
 * @example
 * verifyFolder("out/run").runId; // => "3f2a…"
 */
export function verifyFolder(dir: string, options: VerifyFolderOptions = {}): FolderManifest {
  const m = readManifest(dir);
  if (m === null) throw new SegmentLabError(msg.noManifest(dir));
  const derived = options.derived ?? [];
  const isDerived = (f: string) => derived.some((d) => f === d || f.startsWith(`${d}/`));
  for (const f of m.files) {
    if (isDerived(f.path)) continue;
    const p = path.join(dir, ...f.path.split("/"));
    if (!fs.existsSync(p)) throw new SegmentLabError(msg.manifestMissingFile(dir, f.path, m.runId));
    const h = hashFile(p);
    if (h.bytes !== f.bytes || h.sha256 !== f.sha256)
      throw new SegmentLabError(msg.manifestChangedFile(dir, f.path, m.runId));
  }
  const listed = new Set(m.files.map((f) => f.path));
  const extra = listFiles(dir).filter((f) => f !== MANIFEST_FILE && !listed.has(f));
  if (extra.length > 0) throw new SegmentLabError(msg.manifestExtraFiles(dir, extra, m.runId));
  return m;
}

/** Options of {@link checkOwnedFolder} and {@link replaceFolder}. */
export interface OwnedFolderOptions {
  /**
   * Recognises a folder written before manifests existed: given the folder and its files
   * (relative, `/`-separated), true only when every file is one SegmentLab writes there.
   * Default: no folder without a manifest is SegmentLab's.
   */
  isLegacyLayout?: (dir: string, files: readonly string[]) => boolean;
}

/**
 * Checks that SegmentLab may replace a folder: it does not exist, is empty, or holds only the
 * files its `manifest.json` lists (a folder SegmentLab wrote). A file listed but since changed is
 * allowed (it is SegmentLab's own output); a file not listed is never touched.
 *
 * @param dir - the output folder.
 * @param options - see {@link OwnedFolderOptions}.
 * @throws {SegmentLabError} naming the folder and the files SegmentLab did not write.
 * @example
 * checkOwnedFolder("out/run"); // passes for a folder discover wrote
 */
export function checkOwnedFolder(dir: string, options: OwnedFolderOptions = {}): void {
  if (!fs.existsSync(dir)) return;
  if (!fs.statSync(dir).isDirectory()) throw new SegmentLabError(msg.outputNotFolder(dir));
  const files = listFiles(dir);
  if (files.length === 0) return;
  const m = readManifest(dir);
  if (m === null && options.isLegacyLayout?.(dir, files) === true) return;
  const listed = new Set(m === null ? [] : m.files.map((f) => f.path));
  const foreign = files.filter((f) => f !== MANIFEST_FILE && !listed.has(f));
  if (m === null || foreign.length > 0)
    throw new SegmentLabError(msg.foreignFiles(dir, m === null ? files : foreign));
}

/** The real path of `p`, resolving the part that exists (the rest appended). */
function realish(p: string): string {
  const abs = path.resolve(p);
  let head = abs;
  const tail: string[] = [];
  while (!fs.existsSync(head)) {
    const parent = path.dirname(head);
    if (parent === head) break;
    tail.unshift(path.basename(head));
    head = parent;
  }
  return path.join(fs.realpathSync(head), ...tail);
}

/**
 * Refuses, before anything is read or written, an input path that is an output path or lies
 * inside an output folder (symbolic links resolved).
 *
 * @param outputs - output folders and files.
 * @param inputs - input files (and folders).
 * @throws {SegmentLabError} naming the input and the output it lies in.
 * @example
 * checkInputsOutside(["out/run"], ["out/run/segments/events.csv"]); // throws
 */
export function checkInputsOutside(outputs: readonly string[], inputs: readonly string[]): void {
  for (const out of outputs) {
    const o = realish(out);
    for (const input of inputs) {
      const i = realish(input);
      if (i === o || i.startsWith(o + path.sep))
        throw new SegmentLabError(msg.inputInsideOutput(input, out));
    }
  }
}

const tmpPrefix = (name: string) => `.${name}.tmp-`;
const oldPrefix = (name: string) => `.${name}.old-`;

/**
 * Removes temporary siblings a killed run left beside `dir` (`.NAME.tmp-*`), and puts back the
 * previous folder when a kill came between the two renames of the switch (`.NAME.old-*` with no
 * `NAME`).
 *
 * @param dir - the output folder.
 * @returns the paths removed or restored.
 * @example
 * cleanStaleSiblings("out/run"); // => ["out/.run.tmp-123-a1b2"]
 */
export function cleanStaleSiblings(dir: string): string[] {
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  const name = path.basename(target);
  if (!fs.existsSync(parent)) return [];
  const done: string[] = [];
  const entries = fs.readdirSync(parent).sort();
  const olds = entries.filter((e) => e.startsWith(oldPrefix(name)));
  if (!fs.existsSync(target) && olds.length > 0) {
    fs.renameSync(path.join(parent, olds[olds.length - 1]!), target);
    done.push(target);
  }
  for (const e of fs.readdirSync(parent)) {
    if (e.startsWith(tmpPrefix(name)) || e.startsWith(oldPrefix(name))) {
      fs.rmSync(path.join(parent, e), { recursive: true, force: true });
      done.push(path.join(parent, e));
    }
  }
  return done;
}

/**
 * Writes a folder as one unit: cleans stale siblings, checks that the current folder (if any)
 * holds only SegmentLab's files, lets `build` fill a temporary sibling, writes its
 * `manifest.json`, then switches it into place. On any error (or a signal, through
 * `temp-paths.ts`) the temporary folder is removed and the previous folder is left as it was.
 *
 * @param dir - the output folder (missing parent folders are created).
 * @param runId - the id written to the manifest.
 * @param build - fills the temporary folder it is given.
 * @param options - see {@link OwnedFolderOptions}.
 * @returns what `build` returned.
 * @throws {SegmentLabError} when the folder holds files SegmentLab did not write.
 * @example
 * await replaceFolder("out/segments", runId, (tmp) => fs.writeFileSync(`${tmp}/a.csv`, "x\n"));
 */
export async function replaceFolder<T>(
  dir: string,
  runId: string,
  build: (tmp: string) => T | Promise<T>,
  options: OwnedFolderOptions = {},
): Promise<T> {
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  checkParentPath(parent);
  fs.mkdirSync(parent, { recursive: true });
  cleanStaleSiblings(target);
  checkOwnedFolder(target, options);
  const name = path.basename(target);
  const tmp = fs.mkdtempSync(path.join(parent, `${tmpPrefix(name)}${process.pid}-`));
  trackTempPath(tmp);
  let old: string | null = null;
  try {
    fs.chmodSync(tmp, 0o777 & ~currentUmask());
    const result = await build(tmp);
    writeManifest(tmp, runId);
    if (fs.existsSync(target)) {
      old = path.join(
        parent,
        `${oldPrefix(name)}${path.basename(tmp).slice(tmpPrefix(name).length)}`,
      );
      fs.renameSync(target, old);
    }
    fs.renameSync(tmp, target);
    untrackTempPath(tmp);
    if (old !== null) fs.rmSync(old, { recursive: true, force: true });
    return result;
  } catch (e) {
    if (old !== null && !fs.existsSync(target) && fs.existsSync(old)) fs.renameSync(old, target);
    fs.rmSync(tmp, { recursive: true, force: true });
    untrackTempPath(tmp);
    throw e;
  }
}

/** Refuses a path whose existing part ends in a file (`--out notes.txt/run`). */
function checkParentPath(parent: string): void {
  let p = parent;
  while (!fs.existsSync(p)) {
    const up = path.dirname(p);
    if (up === p) return;
    p = up;
  }
  if (!fs.statSync(p).isDirectory()) throw new SegmentLabError(msg.outputNotFolder(p));
}

/** The process umask, read without changing it for more than an instant. */
function currentUmask(): number {
  const u = process.umask(0o022);
  process.umask(u);
  return u;
}
