import { createRandom, deriveSeed, randomNormal } from "../matrix/random.js";
import * as msg from "./messages.js";

/** The behaviors planted in the sample product (the ground truth of `ground_truth.csv`). */
export const PERSONAS = [
  "power_user",
  "steady_weekly",
  "new_explorer",
  "declining",
  "dormant",
  "weekend_casual",
  "high_value_buyer",
] as const;

/** One planted persona. */
export type PlantedPersona = (typeof PERSONAS)[number];

/** Share of users per persona (sums to 1). */
export const PERSONA_SHARES: Record<PlantedPersona, number> = {
  power_user: 0.1,
  steady_weekly: 0.24,
  new_explorer: 0.12,
  declining: 0.14,
  dormant: 0.14,
  weekend_casual: 0.13,
  high_value_buyer: 0.13,
};

/**
 * The event catalog, most basic first. `eventKinds` takes the first N; the three purchase
 * kinds (`upgrade_plan`, `purchase_credits`, `buy_addon`) carry a value.
 */
export const EVENT_CATALOG = [
  "login",
  "view_dashboard",
  "create_project",
  "edit_project",
  "invite_teammate",
  "comment",
  "share_link",
  "export_report",
  "upload_file",
  "search",
  "create_task",
  "complete_task",
  "view_report",
  "create_dashboard",
  "connect_integration",
  "run_automation",
  "edit_settings",
  "view_billing",
  "upgrade_plan",
  "purchase_credits",
  "complete_onboarding_step",
  "watch_tutorial",
  "open_help",
  "view_notifications",
  "buy_addon",
  "mobile_sync",
  "import_data",
  "schedule_report",
  "api_call",
  "create_template",
  "set_reminder",
  "archive_project",
  "mention_user",
  "update_profile",
  "enable_2fa",
  "download_app",
  "rate_feature",
  "contact_support",
  "delete_task",
  "logout",
] as const;

const PURCHASE_KINDS = new Set(["upgrade_plan", "purchase_credits", "buy_addon"]);
const PURCHASE_IDX = EVENT_CATALOG.flatMap((k, i) => (PURCHASE_KINDS.has(k) ? [i] : []));
const ONBOARDING = ["complete_onboarding_step", "watch_tutorial", "open_help", "create_project"];
const MOBILE = ["view_notifications", "mobile_sync", "comment"];

/** Options of {@link generateSampleProduct}. */
export interface SampleProductOptions {
  /** Number of users (default 2000). */
  users?: number;
  /** Seed of every random draw (default 42). */
  seed?: number;
  /** Number of event kinds, 20 … 40 (default 24). */
  eventKinds?: number;
  /** First day of the observation window, `YYYY-MM-DD` UTC (default "2026-01-01"). */
  start?: string;
  /** Length of the observation window in days, ≥ 28 (default 90: 2026-01-01 … 2026-03-31). */
  days?: number;
  /**
   * Approximate total number of events (default: the natural rate, about 70 per user). Scales the
   * events per session; personas keep their shape.
   */
  events?: number;
  /**
   * Which consecutive window of the same users to generate: 0 (default) is the sample itself;
   * 1 is the `days` days right after it, 2 the next, … Users, ids and `users.csv` attributes
   * stay those of window 0; every user's activity is drawn afresh (its own seed per window).
   */
  snapshot?: number;
  /**
   * How personas change between window 0 and a later `snapshot`: `"planted"` (default) applies
   * {@link PLANTED_MOVES} (exact counts, seeded choice of who moves); `"none"` keeps every
   * persona; `"reshuffle"` permutes the personas among the users (each user may change persona,
   * the mix stays the same — the case where drift must not be flagged). `"reshuffle"` also
   * applies to window 0 (`snapshot` 0): the same calendar window, users drawn afresh.
   */
  moves?: "planted" | "none" | "reshuffle";
  /**
   * A planted behaviour change (for drift tests): every session carries
   * {@link BEHAVIOUR_CHANGE}.perSession times more events. Default false.
   */
  behaviourChange?: boolean;
  /**
   * Adds an experiment to `users.csv`: column `arm` (`control` / `treatment`, exactly half each,
   * seeded) and `converted` (0/1), with the conversion rates of {@link PLANTED_EXPERIMENT} — the
   * treatment raises conversion in one persona only. Default false.
   */
  experiment?: boolean;
}

/** One planted persona move between window 0 and a later snapshot: `share` of `from` becomes `to`. */
export interface PlantedMove {
  from: PlantedPersona;
  to: PlantedPersona;
  share: number;
}

/**
 * The moves planted in a later snapshot (`moves: "planted"`): rising users become power users
 * or settle into a weekly habit, some weekday regulars fade, half the decliners go dormant.
 * Everyone else keeps their persona.
 */
export const PLANTED_MOVES: readonly PlantedMove[] = [
  { from: "new_explorer", to: "power_user", share: 0.4 },
  { from: "new_explorer", to: "steady_weekly", share: 0.6 },
  { from: "steady_weekly", to: "declining", share: 0.25 },
  { from: "declining", to: "dormant", share: 0.5 },
];

/** The planted behaviour change (`behaviourChange: true`): events per session are multiplied. */
export const BEHAVIOUR_CHANGE = { perSession: 2.5 } as const;

/**
 * The planted experiment (`experiment: true`): conversion rate per persona in the control arm,
 * and the treatment's effect (added to the rate) in `persona` only.
 */
export const PLANTED_EXPERIMENT = {
  persona: "weekend_casual" as PlantedPersona,
  effect: 0.2,
  control: {
    power_user: 0.5,
    steady_weekly: 0.35,
    new_explorer: 0.3,
    declining: 0.15,
    dormant: 0.05,
    weekend_casual: 0.25,
    high_value_buyer: 0.45,
  } as Record<PlantedPersona, number>,
} as const;

/** One event row (timestamp in ISO 8601 UTC with a `Z`). */
export interface SampleEvent {
  user_id: string;
  timestamp: string;
  event: string;
  platform: string;
  /** Money for purchase kinds, else null. */
  value: number | null;
}

/** One row of `users.csv`. */
export interface SampleUser {
  user_id: string;
  signup_date: string;
  plan: string;
  country: string;
  company_size: string;
  platform: string;
  /** Survey answers: null for most users (only about one in five answered). */
  survey_goal: string | null;
  survey_expertise: number | null;
  /** Experiment arm (`experiment: true` only). */
  arm?: "control" | "treatment";
  /** Experiment outcome, 0/1 (`experiment: true` only). */
  converted?: number;
}

/** A generated product: users, ground truth, and a re-iterable, time-ordered event stream. */
export interface SampleProduct {
  users: SampleUser[];
  /**
   * The planted persona of every user in this window; for a later snapshot also the persona in
   * window 0 (`previous`).
   */
  groundTruth: { user_id: string; persona: PlantedPersona; previous?: PlantedPersona }[];
  /** Events in time order (day by day); each iteration regenerates the same rows. */
  events: Iterable<SampleEvent>;
  /** The event kinds in use. */
  eventKinds: string[];
  /** Window bounds, ISO dates: first day and the day after the last. */
  window: { from: string; to: string };
  /** Expected number of events (the stream's actual count differs by sampling noise). */
  expectedEvents: number;
}

const DAY_MS = 86_400_000;
const PLATFORMS = ["web", "web", "web", "ios", "android", "desktop"];
const COUNTRIES = [
  "US",
  "US",
  "US",
  "GB",
  "DE",
  "FR",
  "IN",
  "BR",
  "CA",
  "AU",
  "NL",
  "JP",
  "ES",
  "SE",
];
const SIZES = ["1", "2-10", "11-50", "51-200", "201-1000", "1000+"];
const GOALS = ["collaboration", "reporting", "automation", "learning", "client work"];

/** Per-user generation parameters (all drawn once, from the user's own seed). Internal. */
export interface UserPlan {
  id: string;
  persona: PlantedPersona;
  platform: number;
  /** Activity shape: probability on weekdays / weekend days, within [from, stop). */
  pWeekday: number;
  pWeekend: number;
  from: number;
  stop: number;
  /** Declining users: days after which activity decays, and the decay scale in days. */
  fade: number;
  decay: number;
  /** Steady users: their one or two weekdays (0 = Sunday; -1 = none). */
  wd1: number;
  wd2: number;
  /** A day of certain activity (signup day, first visit), or -1. */
  sure: number;
  /** Mean sessions on an active day, and extra events per session (Poisson mean). */
  sessions: number;
  perSession: number;
  /** Usual hour of first session and its spread. */
  hour: number;
  hourSd: number;
  /** Event kinds used (indices into the catalog) with Zipf-like cumulative weights. */
  kinds: Uint8Array;
  cum: Float64Array;
  /** Probability that a session contains a purchase, and the purchase size (log-normal). */
  pPurchase: number;
  purchaseMu: number;
  seed: number;
}

/** Probability that user `u` is active on day `d` (day of week `dow`, 0 = Sunday). */
function pActive(u: UserPlan, d: number, dow: number): number {
  if (d === u.sure) return 1;
  if (d < u.from || d >= u.stop) return 0;
  if (u.wd1 >= 0) return dow === u.wd1 || dow === u.wd2 ? u.pWeekday : u.pWeekend;
  const p = dow === 0 || dow === 6 ? u.pWeekend : u.pWeekday;
  return d < u.fade ? p : p * Math.exp(-(d - u.fade) / u.decay);
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function poisson(r: () => number, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * randomNormal(r)));
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k += 1;
    p *= r();
  } while (p > l);
  return k - 1;
}

function shuffle<T>(r: () => number, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/** Deterministic persona counts: rounded shares, remainder to the largest persona. */
export function personaCounts(users: number): Record<PlantedPersona, number> {
  const out = {} as Record<PlantedPersona, number>;
  let used = 0;
  for (const p of PERSONAS) {
    out[p] = Math.floor(users * PERSONA_SHARES[p]);
    used += out[p];
  }
  // Hand out the remainder one by one, in persona order, so every count is within 1 of its share.
  for (let i = 0; used < users; i++, used++) out[PERSONAS[i % PERSONAS.length]!] += 1;
  return out;
}

const genericCache = new Map<number, string[]>();
function genericKinds(catalog: string[]): string[] {
  let g = genericCache.get(catalog.length);
  if (g === undefined) {
    g = catalog.filter((k) => !PURCHASE_KINDS.has(k) && k !== "login" && k !== "view_dashboard");
    genericCache.set(catalog.length, g);
  }
  return g;
}

function planUser(
  id: string,
  persona: PlantedPersona,
  seed: number,
  days: number,
  catalog: string[],
): UserPlan {
  const r = createRandom(seed);
  const jitter = (sd: number) => Math.exp(sd * randomNormal(r));
  const generic = genericKinds(catalog);
  const base = ["login", "view_dashboard"];
  // A random n-subset: a partial Fisher–Yates shuffle of a copy.
  const some = (n: number) => {
    const xs = [...generic];
    const m = Math.min(n, xs.length);
    for (let i = 0; i < m; i++) {
      const j = i + Math.floor(r() * (xs.length - i));
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs.slice(0, m);
  };
  const u: UserPlan = {
    id,
    persona,
    platform: Math.floor(r() * PLATFORMS.length),
    pWeekday: 0,
    pWeekend: 0,
    from: 0,
    stop: days,
    fade: days,
    decay: 1,
    wd1: -1,
    wd2: -1,
    sure: -1,
    sessions: 1.3,
    perSession: 2,
    hour: 10 + 6 * r(),
    hourSd: 2.5,
    kinds: new Uint8Array(0),
    cum: new Float64Array(0),
    pPurchase: 0,
    purchaseMu: 3,
    seed: deriveSeed(seed, 1),
  };
  let kinds: string[];
  switch (persona) {
    case "power_user":
      u.pWeekday = 0.9;
      u.pWeekend = 0.45;
      kinds = [...base, ...generic];
      u.sessions = 2.6 * jitter(0.15);
      u.perSession = 4 * jitter(0.2);
      u.pPurchase = 0.004;
      u.purchaseMu = 3.2;
      break;
    case "steady_weekly":
      u.wd1 = 1 + Math.floor(r() * 5);
      u.wd2 = r() < 0.5 ? 1 + ((u.wd1 + Math.floor(r() * 3)) % 5) : -1;
      u.pWeekday = 0.88;
      u.pWeekend = 0.015;
      kinds = [...base, ...some(5 + Math.floor(r() * 3))];
      u.sessions = 1.4;
      u.perSession = 3 * jitter(0.2);
      break;
    case "new_explorer":
      // Signed up in the last fifth of the window, active most days since, trying everything.
      u.from = Math.floor(days * (0.8 + 0.15 * r()));
      u.sure = u.from;
      u.pWeekday = 0.8;
      u.pWeekend = 0.8;
      kinds = [
        ...new Set([...base, ...ONBOARDING.filter((k) => catalog.includes(k)), ...some(12)]),
      ];
      u.sessions = 1.8;
      u.perSession = 4 * jitter(0.2);
      break;
    case "declining":
      // Busy in the first weeks, then fading out: the at-risk shape.
      u.fade = days * (0.2 + 0.1 * r());
      u.stop = Math.floor(days * (0.55 + 0.1 * r()));
      u.decay = days * 0.08;
      u.pWeekday = 0.7;
      u.pWeekend = 0.2;
      kinds = [...base, ...some(7)];
      u.sessions = 1.5;
      u.perSession = 3 * jitter(0.2);
      break;
    case "dormant":
      // A couple of visits in the first two weeks, then nothing.
      u.sure = Math.floor(r() * days * 0.12);
      u.stop = Math.floor(days * 0.16);
      u.pWeekday = 0.08;
      u.pWeekend = 0.08;
      kinds = [...base, ...some(1)];
      u.sessions = 1;
      u.perSession = 1.2;
      break;
    case "weekend_casual":
      u.pWeekday = 0;
      u.pWeekend = 0.75;
      kinds = [...new Set([...base, ...MOBILE.filter((k) => catalog.includes(k)), ...some(1)])];
      u.sessions = 1.2;
      u.perSession = 2 * jitter(0.2);
      u.hour = 17 + 4 * r();
      u.hourSd = 1.5;
      u.platform = r() < 0.8 ? (r() < 0.5 ? 3 : 4) : 0;
      break;
    case "high_value_buyer":
      u.pWeekday = 0.42;
      u.pWeekend = 0.15;
      kinds = [
        ...new Set([...base, "view_billing", ...some(6)].filter((k) => catalog.includes(k))),
      ];
      u.sessions = 1.4;
      u.perSession = 3 * jitter(0.2);
      u.pPurchase = 0.45;
      u.purchaseMu = 5.3;
      break;
  }
  // Login opens every session; the draws inside a session are over the other kinds.
  kinds = kinds.filter((k) => k !== "login");
  u.kinds = Uint8Array.from(kinds, (k) => catalog.indexOf(k));
  // Zipf-like popularity: login and view_dashboard dominate, the tail is rarer.
  const cum = new Float64Array(kinds.length);
  let acc = 0;
  for (let i = 0; i < kinds.length; i++) {
    acc += 1 / Math.pow(i + 1, 0.6);
    cum[i] = acc;
  }
  for (let i = 0; i < cum.length; i++) cum[i]! /= acc;
  u.cum = cum;
  return u;
}

function pad2(n: number): string {
  return n < 10 ? "0" + n : String(n);
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Generates a realistic SaaS product with planted behavioral personas: power users, steady
 * weekly users, new users still exploring, declining (at-risk) users, dormant users,
 * weekend-only casual users and high-value buyers. Seeded (mulberry32 via
 * `createRandom`/`deriveSeed`), so the same options give the same rows, byte for byte.
 *
 * Each user has a persona-specific daily activity probability, sessions per active day,
 * events per session, hour of day, platform and set of event kinds; buyers' sessions carry
 * purchases with a value. Events are streamed day by day in time order, so any size fits in
 * memory (only one day's events are held).
 *
 * @param options - size, seed, catalog size and window (see {@link SampleProductOptions}).
 * @returns users, ground truth and a re-iterable event stream.
 * @throws RangeError for users < 1, eventKinds outside 20…40, days < 28, or a bad start date.
 * @example
 * const p = generateSampleProduct({ users: 100, seed: 1 });
 * p.groundTruth.length; // => 100
 */
export function generateSampleProduct(options: SampleProductOptions = {}): SampleProduct {
  const users = options.users ?? 2000;
  const seed = options.seed ?? 42;
  const nKinds = options.eventKinds ?? 24;
  const start = options.start ?? "2026-01-01";
  const days = options.days ?? 90;
  if (!Number.isInteger(users) || users < 1) throw new RangeError(msg.badUsers(users));
  if (!Number.isInteger(nKinds) || nKinds < 20 || nKinds > EVENT_CATALOG.length)
    throw new RangeError(msg.badEventKinds(nKinds, EVENT_CATALOG.length));
  if (!Number.isInteger(days) || days < 28) throw new RangeError(msg.badDays(days));
  const startMs = Date.parse(start + "T00:00:00Z");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(start) || Number.isNaN(startMs))
    throw new RangeError(msg.badStart(start));
  if (options.events !== undefined && (!Number.isFinite(options.events) || options.events < 1))
    throw new RangeError(msg.badEvents(options.events));
  const snapshot = options.snapshot ?? 0;
  if (!Number.isInteger(snapshot) || snapshot < 0) throw new RangeError(msg.badSnapshot(snapshot));
  const moves = options.moves ?? "planted";
  if (moves !== "planted" && moves !== "none" && moves !== "reshuffle")
    throw new RangeError(msg.badMoves(String(moves)));
  const catalog = EVENT_CATALOG.slice(0, nKinds) as string[];

  // Personas: exact counts, shuffled over user ids with the seed.
  const counts = personaCounts(users);
  const personas: PlantedPersona[] = [];
  for (const p of PERSONAS) for (let i = 0; i < counts[p]; i++) personas.push(p);
  shuffle(createRandom(deriveSeed(seed, 0)), personas);
  const width = Math.max(5, String(users).length);
  const idOf = (i: number) => "u" + String(i + 1).padStart(width, "0");
  // Window 0's plans: they fix ids and users.csv attributes in every snapshot.
  const basePlans: UserPlan[] = personas.map((p, i) =>
    planUser(idOf(i), p, deriveSeed(seed, i + 1), days, catalog),
  );
  let plans = basePlans;
  // A later window, or the same window with the personas reshuffled: every user is drawn afresh.
  const redraw = snapshot > 0 || options.moves === "reshuffle";
  if (redraw) {
    const later = laterPersonas(personas, moves, deriveSeed(seed, 900_000 + snapshot));
    const base = deriveSeed(seed, 800_000 + snapshot);
    plans = later.map((p, i) => planUser(idOf(i), p, deriveSeed(base, i + 1), days, catalog));
  }
  if (options.behaviourChange === true)
    for (const u of plans) u.perSession *= BEHAVIOUR_CHANGE.perSession;
  const windowStart = startMs + snapshot * days * DAY_MS;
  const windowDows = Int8Array.from({ length: days }, (_, d) =>
    new Date(windowStart + d * DAY_MS).getUTCDay(),
  );

  // Scale events per session so the expected total matches `events` (sessions stay as planned).
  let expSessions = 0;
  let expExtra = 0;
  for (const u of plans) {
    let act = 0;
    for (let d = 0; d < days; d++) act += pActive(u, d, windowDows[d]!);
    expSessions += act * u.sessions;
    expExtra += act * u.sessions * u.perSession;
  }
  const scale =
    options.events === undefined
      ? 1
      : Math.max(0.02, (options.events - expSessions) / Math.max(expExtra, 1));
  const expectedEvents = expSessions + scale * expExtra;
  const gen: Generation = { plans, startMs: windowStart, days, dows: windowDows, scale, catalog };
  // Attributes (signup date, plan …) stay with the user across snapshots; a reshuffle draws a
  // new population with the same mix, so its users get attributes that fit their persona.
  const sampleUsers = (moves === "reshuffle" ? plans : basePlans).map((u) => makeUser(u, startMs));
  if (options.experiment === true)
    addExperiment(sampleUsers, plans, deriveSeed(seed, 700_000 + snapshot));
  return {
    users: sampleUsers,
    groundTruth: plans.map((u, i) =>
      redraw
        ? { user_id: u.id, persona: u.persona, previous: basePlans[i]!.persona }
        : { user_id: u.id, persona: u.persona },
    ),
    events: {
      *[Symbol.iterator]() {
        for (const b of eventBatches(gen)) {
          for (let j = 0; j < b.n; j++) {
            const v = b.value[j]!;
            yield {
              user_id: plans[b.user[j]!]!.id,
              timestamp: b.datePrefix + timeOfDay(b.sec[j]!) + "Z",
              event: catalog[b.kind[j]!]!,
              platform: PLATFORMS[b.platform[j]!]!,
              value: Number.isNaN(v) ? null : v,
            };
          }
        }
      },
    },
    eventKinds: catalog,
    window: { from: isoDate(windowStart), to: isoDate(windowStart + days * DAY_MS) },
    expectedEvents: Math.round(expectedEvents),
    [GENERATION]: gen,
  } as SampleProduct;
}

/**
 * The personas of a later snapshot: exact move counts per {@link PLANTED_MOVES} row (rounded
 * shares of the `from` persona; who moves is a seeded choice), or a seeded permutation.
 */
function laterPersonas(
  personas: readonly PlantedPersona[],
  moves: "planted" | "none" | "reshuffle",
  seed: number,
): PlantedPersona[] {
  const out = [...personas];
  if (moves === "none") return out;
  const r = createRandom(seed);
  if (moves === "reshuffle") return shuffle(r, out);
  for (const from of PERSONAS) {
    const rows = PLANTED_MOVES.filter((m) => m.from === from);
    if (rows.length === 0) continue;
    const members = shuffle(
      r,
      personas.flatMap((p, i) => (p === from ? [i] : [])),
    );
    let at = 0;
    for (const m of rows) {
      const n = Math.round(m.share * members.length);
      for (let j = at; j < Math.min(members.length, at + n); j++) out[members[j]!] = m.to;
      at += n;
    }
  }
  return out;
}

/** Exactly half the users (seeded) in each arm; conversion drawn from the planted rates. */
function addExperiment(users: SampleUser[], plans: readonly UserPlan[], seed: number): void {
  const r = createRandom(seed);
  const order = shuffle(
    r,
    users.map((_, i) => i),
  );
  const treated = new Uint8Array(users.length);
  for (let j = 0; j < Math.floor(users.length / 2); j++) treated[order[j]!] = 1;
  users.forEach((u, i) => {
    const persona = plans[i]!.persona;
    const t = treated[i] === 1;
    const rate =
      PLANTED_EXPERIMENT.control[persona] +
      (t && persona === PLANTED_EXPERIMENT.persona ? PLANTED_EXPERIMENT.effect : 0);
    u.arm = t ? "treatment" : "control";
    u.converted = r() < rate ? 1 : 0;
  });
}

/** Internal handle so the file writer can stream batches without building row objects. */
export const GENERATION = Symbol("segmentlab.sampleGeneration");

/** Everything needed to (re)generate the event stream. */
export interface Generation {
  plans: UserPlan[];
  startMs: number;
  days: number;
  dows: Int8Array;
  scale: number;
  catalog: string[];
}

/** One day of events in time order, as columns. */
export interface EventBatch {
  n: number;
  datePrefix: string;
  sec: Int32Array;
  user: Int32Array;
  kind: Uint8Array;
  platform: Uint8Array;
  /** NaN = no value. */
  value: Float64Array;
}

const TIMES: string[] = [];
/** `HH:MM:SS` for a second of the day (cached: formatting dominated the generator's time). */
export function timeOfDay(sec: number): string {
  if (TIMES.length === 0)
    for (let t = 0; t < 86_400; t++)
      TIMES.push(
        pad2(Math.floor(t / 3600)) + ":" + pad2(Math.floor((t % 3600) / 60)) + ":" + pad2(t % 60),
      );
  return TIMES[sec]!;
}

/** The platform names, indexed by `EventBatch.platform`. */
export const PLATFORM_NAMES: readonly string[] = PLATFORMS;

function makeUser(u: UserPlan, startMs: number): SampleUser {
  const r = createRandom(deriveSeed(u.seed, 7));
  let signupDay: number;
  if (u.persona === "new_explorer") {
    signupDay = u.from;
  } else {
    // Existing customers signed up up to two years before the window, power users earlier.
    const before = u.persona === "power_user" ? 200 + r() * 500 : 30 + r() * 700;
    signupDay = -Math.floor(before);
  }
  const planBy: Record<PlantedPersona, string[]> = {
    power_user: ["pro", "pro", "enterprise", "team"],
    steady_weekly: ["starter", "team", "pro", "free"],
    new_explorer: ["free", "free", "trial", "starter"],
    declining: ["starter", "free", "team"],
    dormant: ["free", "free", "free", "starter"],
    weekend_casual: ["free", "free", "starter"],
    high_value_buyer: ["enterprise", "pro", "enterprise"],
  };
  const answered = r() < 0.2;
  return {
    user_id: u.id,
    signup_date: isoDate(startMs + signupDay * DAY_MS),
    plan: pick(r, planBy[u.persona]),
    country: pick(r, COUNTRIES),
    company_size: pick(
      r,
      u.persona === "high_value_buyer" || u.persona === "power_user" ? SIZES.slice(2) : SIZES,
    ),
    platform: PLATFORMS[u.platform]!,
    survey_goal: answered ? pick(r, GOALS) : null,
    survey_expertise: answered
      ? Math.min(
          5,
          Math.max(1, Math.round((u.persona === "power_user" ? 4 : 2.6) + randomNormal(r))),
        )
      : null,
  };
}

/**
 * Generates the events day by day into reusable typed arrays, sorted by (second, user,
 * generation order) through one packed Float64 key per event: no per-event objects, so that
 * ten million events stream to disk in seconds.
 */
export function* eventBatches(g: Generation): Generator<EventBatch> {
  const { plans, startMs, days, dows, scale } = g;
  const rngs = plans.map((u) => createRandom(u.seed));
  let cap = 1 << 16;
  let sec = new Int32Array(cap);
  let user = new Int32Array(cap);
  let kind = new Uint8Array(cap);
  let plat = new Uint8Array(cap);
  let value = new Float64Array(cap);
  const nPlat = PLATFORMS.length;
  for (let d = 0; d < days; d++) {
    const dow = dows[d]!;
    let n = 0;
    const push = (s: number, i: number, k: number, p: number, v: number) => {
      if (n === cap) {
        cap *= 2;
        const grow = <T extends Int32Array | Uint8Array | Float64Array>(a: T, b: T): T => {
          b.set(a);
          return b;
        };
        sec = grow(sec, new Int32Array(cap));
        user = grow(user, new Int32Array(cap));
        kind = grow(kind, new Uint8Array(cap));
        plat = grow(plat, new Uint8Array(cap));
        value = grow(value, new Float64Array(cap));
      }
      sec[n] = s;
      user[n] = i;
      kind[n] = k;
      plat[n] = p;
      value[n] = v;
      n++;
    };
    for (let i = 0; i < plans.length; i++) {
      const u = plans[i]!;
      const r = rngs[i]!;
      const pa = pActive(u, d, dow);
      if (pa === 0 || r() >= pa) continue;
      const nSessions = Math.max(1, poisson(r, u.sessions - 1) + 1);
      let t = Math.max(0, Math.min(23.5, u.hour + u.hourSd * randomNormal(r))) * 3600;
      for (let s = 0; s < nSessions && t < 86_399; s++) {
        const m = 1 + poisson(r, u.perSession * scale);
        const buy = u.pPurchase > 0 && PURCHASE_IDX.length > 0 && r() < u.pPurchase;
        for (let k = 0; k < m + (buy ? 1 : 0) && t < 86_399; k++) {
          let kindIdx: number;
          let v = NaN;
          if (k === 0)
            kindIdx = 0; // every session starts with login
          else if (buy && k === m) {
            const options = PURCHASE_IDX.filter((x) => x < g.catalog.length);
            kindIdx = options[Math.floor(r() * options.length)]!;
            v = Math.round(Math.exp(u.purchaseMu + 0.5 * randomNormal(r)) * 100) / 100;
          } else {
            const x = r();
            let j = 0;
            while (u.cum[j]! < x) j++;
            kindIdx = u.kinds[j]!;
          }
          const p = r() < 0.88 ? u.platform : Math.floor(r() * nPlat);
          push(Math.floor(t), i, kindIdx, p, v);
          t += 5 + 90 * -Math.log(1 - r());
        }
        // Next session after a gap of 1–6 hours (well beyond a 30-minute session timeout).
        t += 3600 * (1 + 5 * r());
      }
    }
    // Sort by second, then position (= user, then generation order): key = sec * 2^32 + pos.
    const keys = new Float64Array(n);
    for (let j = 0; j < n; j++) keys[j] = sec[j]! * 4294967296 + j;
    keys.sort();
    const out: EventBatch = {
      n,
      datePrefix: isoDate(startMs + d * DAY_MS) + "T",
      sec: new Int32Array(n),
      user: new Int32Array(n),
      kind: new Uint8Array(n),
      platform: new Uint8Array(n),
      value: new Float64Array(n),
    };
    for (let j = 0; j < n; j++) {
      const pos = keys[j]! % 4294967296;
      out.sec[j] = sec[pos]!;
      out.user[j] = user[pos]!;
      out.kind[j] = kind[pos]!;
      out.platform[j] = plat[pos]!;
      out.value[j] = value[pos]!;
    }
    yield out;
  }
}
