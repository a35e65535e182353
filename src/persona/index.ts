export * from "./name-personas.js";
export * from "./rename-persona.js";
export * from "./flag-atypical.js";
export * from "./segmentation-warnings.js";
export * from "./suggest-plays.js";
export * from "./persona-cards.js";
export * as personaMessages from "./messages.js";
