import fs from "node:fs";
import path from "node:path";
import { notHtmlPath } from "./messages.js";

/**
 * Writes the report atomically: to a temporary file in the same folder, then renamed over
 * the target, so a reader never sees half a report. Creates the folder if needed.
 *
 * @param file - destination, ending in `.html`.
 * @param html - the page, from {@link buildReportHtml}.
 * @throws TypeError when `file` does not end in `.html` (a guard against overwriting inputs).
 * @example
 * writeReport("out/run1/report.html", await buildReportHtml(input));
 */
export function writeReport(file: string, html: string): void {
  if (!file.toLowerCase().endsWith(".html")) throw new TypeError(notHtmlPath(file));
  const dir = path.dirname(path.resolve(file));
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, html, "utf8");
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
