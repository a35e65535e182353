import type { Command } from "commander";
import { regenerateRunFolder } from "../../run-folder.js";

/**
 * Registers `segmentlab report RUN_DIR`: rebuilds report.html (and the persona cards and the
 * persona column of assignments.csv) from the run folder's model.json and report-input.json —
 * after a rename or an edit of model.json, without the input data.
 *
 * @param program - the root command.
 * @returns the new subcommand.
 * @example
 * registerReportCommand(new Command("segmentlab")).name(); // => "report"
 */
export function registerReportCommand(program: Command): Command {
  return program
    .command("report")
    .description(
      "Rebuild report.html and the persona cards of a run folder from its model.json (after edits)",
    )
    .argument("<run-dir>", "a folder written by `segmentlab discover --out`")
    .addHelpText(
      "after",
      "\nExample:\n  $ segmentlab report out/sample && open out/sample/report.html",
    )
    .action(async (dir: string) => {
      const files = await regenerateRunFolder(dir);
      process.stdout.write(`rewrote ${files.map((f) => `${dir}/${f}`).join(", ")}\n`);
    });
}
