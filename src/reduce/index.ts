export * from "./types.js";
export * from "./fit-pca.js";
export * from "./transform-pca.js";
export * from "./inverse-transform-pca.js";
export * as pcaMessages from "./messages.js";
