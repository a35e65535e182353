export {
  NO_STRUCTURE,
  STRUCTURE,
  WEAK_STRUCTURE,
  readStability,
  type StabilityReading,
} from "./messages.js";
export * as selectMessages from "./messages.js";
export * from "./stratified-sample.js";
export * from "./silhouette-score.js";
export * from "./calinski-harabasz.js";
export * from "./davies-bouldin.js";
export * from "./find-knee.js";
export * from "./gap-statistic.js";
export * from "./bootstrap-stability.js";
export * from "./scan-k.js";
export * from "./recommend-k.js";
export * from "./count-modes.js";
export * from "./boundary-modes.js";
