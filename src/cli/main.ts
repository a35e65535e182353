import { Command, CommanderError } from "commander";
import { isUserError } from "../errors.js";
import { VERSION } from "../version.js";
import { registerAssignCommand } from "./commands/assign.js";
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
    if (e instanceof CommanderError) return e.exitCode;
    if (isUserError(e)) {
      process.stderr.write(`segmentlab: error: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(
      `segmentlab: internal error (please report): ${(e as Error).stack ?? String(e)}\n`,
    );
    return 1;
  }
}
