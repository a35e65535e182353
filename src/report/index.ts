export * from "./types.js";
export * from "./escape-html.js";
export * from "./parse-report-input.js";
export * from "./build-report-html.js";
export * from "./write-report.js";
export * as reportMessages from "./messages.js";
