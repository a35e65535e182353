export * from "./profile-segments.js";
export * from "./fit-segment-rules.js";
export * as profileMessages from "./messages.js";
