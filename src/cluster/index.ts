export * from "./types.js";
export * from "./fit-kmeans.js";
export * from "./predict-kmeans.js";
export * from "./adjusted-rand-index.js";
export * as clusterMessages from "./messages.js";
export * from "./fit-mini-batch-kmeans.js";
export { sharedMatrix } from "./shared-matrix.js";
