export * from "./types.js";
export * from "./fit-preprocessor.js";
export * from "./transform-preprocessor.js";
export * from "./inverse-transform.js";
export * from "./describe-preprocessor.js";
export * as prepMessages from "./messages.js";
