export * from "./stats.js";
export * from "./drift.js";
export * from "./compare-models.js";
export * from "./migration.js";
export * from "./retention.js";
export * from "./readout.js";
export * as trackMessages from "./messages.js";
