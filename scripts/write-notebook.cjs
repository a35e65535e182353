#!/usr/bin/env node
"use strict";
// Writes a tslab notebook (.ipynb, outputs cleared) from a plain text outline, so notebooks
// are reviewed as text. Outline format: cells separated by lines "%% md" or "%% ts".
//   node scripts/write-notebook.cjs notebooks/src/01-explore.txt notebooks/01-explore-usage-data.ipynb
const fs = require("fs");
const [src, dest] = process.argv.slice(2);
if (!src || !dest) {
  console.error("usage: write-notebook.cjs OUTLINE.txt NOTEBOOK.ipynb");
  process.exit(2);
}
const cells = [];
let current = null;
for (const line of fs.readFileSync(src, "utf8").split("\n")) {
  const m = /^%% (md|ts)\s*$/.exec(line);
  if (m) {
    current = { type: m[1], lines: [] };
    cells.push(current);
  } else if (current) current.lines.push(line);
}
const toSource = (lines) => {
  while (lines.length && lines[lines.length - 1].trim() === "") lines.pop();
  return lines.map((l, i) => (i < lines.length - 1 ? l + "\n" : l));
};
const nb = {
  cells: cells.map((c, i) =>
    c.type === "md"
      ? { cell_type: "markdown", id: `cell-${i + 1}`, metadata: {}, source: toSource(c.lines) }
      : {
          cell_type: "code",
          id: `cell-${i + 1}`,
          execution_count: null,
          metadata: {},
          outputs: [],
          source: toSource(c.lines),
        },
  ),
  metadata: {
    kernelspec: { display_name: "TypeScript", language: "typescript", name: "tslab" },
    language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" },
  },
  nbformat: 4,
  nbformat_minor: 5,
};
const tmp = dest + ".tmp";
fs.writeFileSync(tmp, JSON.stringify(nb, null, 1) + "\n");
fs.renameSync(tmp, dest);
