/**
 * SegmentLab — discover behavioral user segments in product usage data.
 * This file only re-exports the public API of each pipeline stage.
 */
export * from "./errors.js";
export * from "./version.js";
export * from "./matrix/index.js";
export * from "./io/index.js";
export * from "./features/index.js";
