#!/usr/bin/env node
"use strict";
// Thin launcher: the CLI lives in the compiled library (npm run build).
require("../dist/cli/main.js")
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
