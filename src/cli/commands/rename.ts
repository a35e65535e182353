import * as path from "node:path";
import * as fs from "node:fs";
import type { Command } from "commander";
import { SegmentLabError } from "../../errors.js";
import { MANIFEST_FILE } from "../../io/output-folder.js";
import { regenerateRunFolder, renameSegment, RUN_FILES } from "../../run-folder.js";

/**
 * Registers `segmentlab rename model.json SEGMENT "New Name" [--description TEXT]`: renames a
 * persona in the model (validated, marked as edited so reruns with `--previous` keep it) and,
 * when the model sits in a run folder, regenerates the cards, the report and assignments.csv.
 *
 * @param program - the root command.
 * @returns the new subcommand.
 * @example
 * registerRenameCommand(new Command("segmentlab")).name(); // => "rename"
 */
export function registerRenameCommand(program: Command): Command {
  return program
    .command("rename")
    .description(
      "Rename a segment's persona (and its description) in model.json; outputs beside it are regenerated",
    )
    .argument("<model>", "model.json")
    .argument("<segment>", "segment id (see assignments.csv or the report)")
    .argument("<name>", "the new persona name (unique, at most 60 characters)")
    .option("--description <text>", "a new one-line description")
    .addHelpText(
      "after",
      '\nExample:\n  $ segmentlab rename out/sample/model.json 3 "Night Owls" --description "Active after 10 pm"',
    )
    .action(
      async (model: string, segment: string, name: string, opts: { description?: string }) => {
        if (!/^\d+$/.test(segment))
          throw new SegmentLabError(
            `segment ${JSON.stringify(segment)}: expected a segment id (a whole number >= 0)`,
          );
        const dir = path.dirname(model);
        const inRunFolder =
          path.basename(model) === RUN_FILES.model && fs.existsSync(path.join(dir, MANIFEST_FILE));
        if (!inRunFolder) {
          renameSegment(model, Number(segment), name, opts.description);
          process.stdout.write(
            `renamed segment ${segment} to ${JSON.stringify(name)} in ${model}\n`,
          );
          return;
        }
        const files = await regenerateRunFolder(dir, {
          rename: {
            segment: Number(segment),
            name,
            ...(opts.description !== undefined ? { description: opts.description } : {}),
          },
        });
        process.stdout.write(`renamed segment ${segment} to ${JSON.stringify(name)} in ${model}\n`);
        process.stdout.write(`regenerated ${files.map((f) => path.join(dir, f)).join(", ")}\n`);
      },
    );
}
