/**
 * Temporary paths SegmentLab creates (a run folder being built, DuckDB's spill folder), kept in
 * one registry so that they are removed on every way out: normal completion and errors remove
 * their own; {@link installSignalCleanup} removes what is left when the process gets SIGINT,
 * SIGTERM or SIGHUP, or exits.
 */
import * as fs from "node:fs";

const tracked = new Set<string>();

/**
 * Registers a temporary file or folder to remove if the process is interrupted.
 *
 * @example
 * trackTempPath("/tmp/segmentlab-duckdb-a1b2");
 */
export function trackTempPath(p: string): void {
  tracked.add(p);
}

/**
 * Forgets a temporary path (it was removed, or switched into place).
 *
 * @example
 * untrackTempPath("/tmp/segmentlab-duckdb-a1b2");
 */
export function untrackTempPath(p: string): void {
  tracked.delete(p);
}

/**
 * Removes every registered temporary path now (synchronously: safe in a signal handler).
 *
 * @returns the paths removed.
 * @example
 * removeTrackedTempPaths(); // => ["out/.run.tmp-123-a1b2"]
 */
export function removeTrackedTempPaths(): string[] {
  const done = [...tracked];
  for (const p of done) {
    // Best effort by design: one path failing to go must not keep the others.
    try {
      fs.rmSync(p, { recursive: true, force: true });
    } catch (e) {
      process.emitWarning(`could not remove ${p}: ${(e as Error).message}`);
    }
    tracked.delete(p);
  }
  return done;
}

let installed = false;

/**
 * Installs handlers (once) that remove the registered temporary paths on SIGINT, SIGTERM and
 * SIGHUP — then exit with 128 + the signal number, as a shell expects — and at process exit.
 * The CLI installs them; a library user may call it in their own program.
 *
 * @example
 * installSignalCleanup();
 */
export function installSignalCleanup(): void {
  if (installed) return;
  installed = true;
  const codes = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
  for (const [signal, n] of Object.entries(codes)) {
    process.on(signal, () => {
      removeTrackedTempPaths();
      process.exit(128 + n);
    });
  }
  process.on("exit", () => {
    removeTrackedTempPaths();
  });
}
