export * from "./schema.js";
export * from "./parse-segment-model.js";
export * from "./build-segment-model.js";
export * from "./assign.js";
export * from "./write-assignments.js";
export * from "./compute-model-features.js";
