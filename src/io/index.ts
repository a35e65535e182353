export * from "./database.js";
export * from "./types.js";
export * from "./infer-columns.js";
export { loadEvents, EXAMPLES_PER_REASON } from "./load-events.js";
export * from "./load-users.js";
export * from "./load-usage-data.js";
export * from "./format-load-report.js";
export * as ioMessages from "./messages.js";
