import { Command, CommanderError } from "commander";
import { isUserError } from "../errors.js";
import { VERSION } from "../version.js";
import { registerAssignCommand } from "./commands/assign.js";
import { registerCompareCommand } from "./commands/compare.js";
import { registerReadoutCommand } from "./commands/readout.js";
import { registerRetentionCommand } from "./commands/retention.js";
import { registerTrackCommand } from "./commands/track.js";
import { registerDiscoverCommand } from "./commands/discover.js";
import { registerExportCommand } from "./commands/export.js";
import { registerFeaturesCommand } from "./commands/features.js";
import { registerRenameCommand } from "./commands/rename.js";
import { registerReportCommand } from "./commands/report.js";

/**
 * Builds the `segmentlab` command with every subcommand registered.
 *
 * @example
 * buildProgram().commands.map((c) => c.name()); // => ["features", "discover", …]
 */
export function buildProgram(): Command {
  const program = new Command("segmentlab")
    .description(
      "Discover behavioral user segments in product usage data and name them as candidate personas.",
    )
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();
  // Subcommands register themselves here, one line each (see src/cli/commands/).
  registerFeaturesCommand(program);
  registerDiscoverCommand(program);
  registerRenameCommand(program);
  registerAssignCommand(program);
  registerExportCommand(program);
  registerReportCommand(program);
  registerCompareCommand(program);
  registerTrackCommand(program);
  registerRetentionCommand(program);
  registerReadoutCommand(program);
  return program;
}

/**
 * Runs the CLI and returns the process exit code. User errors print one clear line (no stack
 * trace) and return 2; bugs print the stack and return 1.
 *
 * @example
 * await main(["node", "segmentlab", "--version"]); // prints the version, => 0
 */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    // --help and --version end through commander with code 0; a usage error (unknown option,
    // missing argument) is bad input: 2, as every other.
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (isUserError(e)) {
      process.stderr.write(`segmentlab: error: ${e.message}\n`);
      return 2;
    }
    const fsMessage = fileSystemErrorMessage(e);
    if (fsMessage !== null) {
      process.stderr.write(`segmentlab: error: ${fsMessage}\n`);
      return 2;
    }
    process.stderr.write(
      `segmentlab: internal error (please report): ${(e as Error).stack ?? String(e)}\n`,
    );
    return 1;
  }
}

const FS_PROBLEMS: Record<string, string> = {
  ENOENT: "no such file or folder",
  ENOTDIR: "a part of the path is a file, not a folder",
  EISDIR: "is a folder, not a file",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EEXIST: "already exists",
  EMFILE: "too many open files",
  ENAMETOOLONG: "file name too long",
  EIO: "input/output error",
};

/**
 * The one-line message for a file-system error (missing folder, read-only or full disk,
 * permission), or null for any other error.
 *
 * @example
 * fileSystemErrorMessage(Object.assign(new Error("x"), { code: "EROFS", syscall: "open", path: "/mnt/ro/a" }));
 * // => "cannot open /mnt/ro/a: read-only file system (EROFS)"
 */
export function fileSystemErrorMessage(e: unknown): string | null {
  if (!(e instanceof Error)) return null;
  const err = e as NodeJS.ErrnoException & { dest?: string };
  const code = typeof err.code === "string" ? err.code : undefined;
  const problem = code === undefined ? undefined : FS_PROBLEMS[code];
  if (code === undefined || problem === undefined) {
    // DuckDB reports a failed write as an IO Error without an errno code.
    const m = /^IO Error: (.*)$/m.exec(err.message);
    return m ? `cannot read or write a file: ${m[1]}` : null;
  }
  const verb = err.syscall === undefined ? "access" : err.syscall.replace(/Sync$/, "");
  const where = err.path ?? "a file";
  const dest = err.dest !== undefined ? ` → ${err.dest}` : "";
  return `cannot ${verb} ${where}${dest}: ${problem} (${code})`;
}
