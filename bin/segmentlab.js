#!/usr/bin/env node
"use strict";
// Thin launcher: the CLI lives in the compiled library (npm run build).
// A closed pipe (`segmentlab … | head`) is a normal way to stop reading, not an error.
process.stdout.on("error", (e) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});
// Temporary folders (a run folder being built, DuckDB's spill folder) go on SIGINT/SIGTERM/SIGHUP.
require("../dist/io/temp-paths.js").installSignalCleanup();
require("../dist/cli/main.js")
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
