/**
 * SegmentLab — discover behavioral user segments in product usage data.
 * This file only re-exports the public API of each pipeline stage.
 */
export * from "./errors.js";
export * from "./version.js";
export * from "./matrix/index.js";
export * from "./io/index.js";
export * from "./sample/index.js";
export * from "./features/index.js";
export * from "./prep/index.js";
export * from "./reduce/index.js";
export * from "./cluster/index.js";
export * from "./select/index.js";
export * from "./profile/index.js";
export * from "./persona/index.js";
export * from "./charts/index.js";
export * from "./report/index.js";
export * from "./notebook/index.js";
export * from "./model/index.js";
export * from "./export/index.js";
export * from "./track/index.js";
export * from "./pipeline.js";
export * from "./run-report.js";
export * from "./run-charts.js";
export * from "./run-folder.js";
