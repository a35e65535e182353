/** Error texts of the sample generator (functions, so tests assert against them). */

export const badUsers = (n: number): string => `users=${n} should be an integer >= 1`;

export const badEventKinds = (n: number, max: number): string =>
  `eventKinds=${n} should be an integer in 20…${max}`;

export const badDays = (n: number): string => `days=${n} should be an integer >= 28`;

export const badStart = (s: string): string => `start='${s}' should be a date YYYY-MM-DD`;

export const badEvents = (n: number): string => `events=${n} should be a number >= 1`;

export const badFormat = (f: string): string => `format='${f}' should be 'csv' or 'parquet'`;

export const badSnapshot = (n: number): string => `snapshot=${n} should be an integer >= 0`;

export const badMoves = (m: string): string =>
  `moves='${m}' should be 'planted', 'none' or 'reshuffle'`;
