// Activities part of the dev mock backend (see devMock.ts): a generated history
// (10,000 activities by default, `?activities=N` to change it, 0 for the empty
// state), detailed activities with 1 Hz streams (a pause, a GPS loop, a sensor
// dropout), and an import that reports progress on its channel.
import type {
  ActivityDetail,
  ActivityFilter,
  ActivityMetrics,
  ActivityList,
  ActivitySummary,
  ImportProgress,
  ImportSummary,
  Lap,
  Streams,
  SwimLength,
  Totals,
} from "./lib/api";
import { isSport as isSportKey } from "./lib/activities/format";

type Any = Record<string, any>;

/** A small deterministic PRNG, so the mock history is the same on every reload. */
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EMPTY_TOTALS: Totals = {
  elapsed_s: null,
  timer_s: null,
  moving_s: null,
  distance_m: null,
  ascent_m: null,
  descent_m: null,
  avg_hr: null,
  max_hr: null,
  avg_speed_mps: null,
  max_speed_mps: null,
  avg_cadence: null,
  max_cadence: null,
  avg_power_w: null,
  max_power_w: null,
  calories_kcal: null,
};

const NAMES: Record<string, (string | null)[]> = {
  running: ["Morning run", "Easy run", "Tempo run", "Long run", "Track intervals", "Recovery jog", "Trail run", "Parkrun", null],
  cycling: ["Morning ride", "Long ride", "Zwift — Watopia", "Sweet spot intervals", "Gravel loop", "Commute", null],
  swimming: ["Pool swim", "Lake swim", "Technique drills", null],
  walking: ["Walk", "Evening walk", null],
  hiking: ["Hike to the lake", "Mountain hike", null],
  strength: ["Gym", "Core and mobility", null],
  rowing: ["Rowing", null],
};
const DEVICES = ["Garmin Forerunner 965", "Garmin Edge 840", "Wahoo ELEMNT BOLT", "Coros Pace 3", "Apple Watch Ultra", null];

type MockActivity = ActivitySummary & { seed: number };

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

function round(v: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

function generateSummary(id: number, start: Date, r: () => number): MockActivity {
  const x = r();
  const sport =
    x < 0.45 ? "running" : x < 0.8 ? "cycling" : x < 0.9 ? "swimming" : x < 0.94 ? "walking" : x < 0.97 ? "hiking" : x < 0.99 ? "strength" : "rowing";
  const t: Totals = { ...EMPTY_TOTALS };
  let subSport = "generic";
  let hasGps = true;
  switch (sport) {
    case "running": {
      const speed = 2.6 + r() * 1.6;
      const elapsed = 1500 + r() * 6000;
      t.avg_speed_mps = round(speed, 3);
      t.distance_m = round(speed * elapsed * 0.97, 0);
      t.avg_cadence = round(166 + r() * 16, 0);
      t.avg_power_w = r() < 0.4 ? round(200 + r() * 90, 0) : null;
      if (r() < 0.12) subSport = "trail";
      else if (r() < 0.05) {
        subSport = "treadmill";
        hasGps = false;
      }
      t.elapsed_s = round(elapsed, 0);
      break;
    }
    case "cycling": {
      const indoor = r() < 0.25;
      const speed = indoor ? 8.5 + r() * 2 : 6.5 + r() * 3.5;
      const elapsed = 2400 + r() * (r() < 0.1 ? 19000 : 9000);
      t.avg_speed_mps = round(speed, 3);
      t.distance_m = round(speed * elapsed * 0.94, 0);
      t.avg_cadence = round(82 + r() * 14, 0);
      t.avg_power_w = r() < 0.8 ? round(150 + r() * 110, 0) : null;
      if (indoor) {
        subSport = "indoor";
        hasGps = false;
      } else if (r() < 0.1) subSport = "gravel";
      t.elapsed_s = round(elapsed, 0);
      break;
    }
    case "swimming": {
      const pool = r() < 0.75;
      subSport = pool ? "pool" : "open_water";
      hasGps = !pool;
      const speed = 0.8 + r() * 0.5;
      const elapsed = 1500 + r() * 2400;
      t.avg_speed_mps = round(speed, 3);
      t.distance_m = round((speed * elapsed * 0.85) / 25, 0) * 25;
      t.avg_cadence = round(26 + r() * 10, 0);
      t.elapsed_s = round(elapsed, 0);
      break;
    }
    case "walking":
    case "hiking": {
      const speed = sport === "hiking" ? 0.9 + r() * 0.5 : 1.2 + r() * 0.4;
      const elapsed = 1800 + r() * (sport === "hiking" ? 18000 : 4000);
      t.avg_speed_mps = round(speed, 3);
      t.distance_m = round(speed * elapsed * 0.9, 0);
      t.elapsed_s = round(elapsed, 0);
      break;
    }
    case "rowing": {
      const speed = 3.6 + r() * 0.8;
      const elapsed = 1800 + r() * 2400;
      t.avg_speed_mps = round(speed, 3);
      t.distance_m = round(speed * elapsed * 0.95, 0);
      t.avg_cadence = round(20 + r() * 8, 0);
      t.elapsed_s = round(elapsed, 0);
      break;
    }
    default:
      hasGps = false;
      t.elapsed_s = round(1800 + r() * 2400, 0);
  }
  const elapsed = t.elapsed_s ?? 0;
  t.timer_s = round(elapsed * (0.95 + r() * 0.05), 0);
  t.moving_s = round((t.timer_s ?? elapsed) * (0.93 + r() * 0.06), 0);
  if (t.distance_m !== null && hasGps && sport !== "swimming") t.ascent_m = round((t.distance_m / 1000) * (sport === "hiking" ? 80 : 4 + r() * 14), 0);
  t.descent_m = t.ascent_m;
  if (r() < 0.92) {
    t.avg_hr = round(118 + r() * 45, 0);
    t.max_hr = round((t.avg_hr ?? 140) + 10 + r() * 25, 0);
  }
  t.calories_kcal = round(elapsed * (0.15 + r() * 0.1), 0);
  return {
    id,
    sport,
    sub_sport: subSport,
    name: pick(r, NAMES[sport] ?? [null]),
    start: start.toISOString().replace(/\.\d{3}Z$/, "Z"),
    utc_offset_s: r() < 0.85 ? (start.getUTCMonth() >= 3 && start.getUTCMonth() <= 9 ? 7200 : 3600) : null,
    totals: t,
    device: pick(r, DEVICES),
    has_gps: hasGps,
    seed: Math.floor(r() * 2 ** 31),
    // Every fifth session rated, from the id: no extra random draws, so the history stays the same.
    rpe: id % 5 === 0 ? 3 + (id % 6) : null,
    manual: false,
  };
}

function generateHistory(count: number): MockActivity[] {
  const r = mulberry32(20260301);
  const out: MockActivity[] = [];
  let t = Date.now() - 3 * 3600 * 1000;
  for (let id = count; id >= 1; id--) {
    const start = new Date(t);
    out.push(generateSummary(id, start, r));
    t -= (6 + r() * 30) * 3600 * 1000;
  }
  // The newest one is the showcase: a one-hour run with everything the detail page shows.
  if (out.length > 0) {
    const a = out[0];
    Object.assign(a, {
      sport: "running",
      sub_sport: "road",
      name: "Lake loop with tempo blocks",
      device: "Garmin Forerunner 965",
      has_gps: true,
      utc_offset_s: 3600,
    });
    a.totals = {
      ...EMPTY_TOTALS,
      elapsed_s: 3690,
      timer_s: 3600,
      moving_s: 3540,
      distance_m: 12480,
      ascent_m: 142,
      descent_m: 140,
      avg_hr: 152,
      max_hr: 178,
      avg_speed_mps: 3.467,
      max_speed_mps: 4.9,
      avg_cadence: 174,
      max_cadence: 188,
      avg_power_w: 262,
      max_power_w: 420,
      calories_kcal: 812,
    };
  }
  return out;
}

// --- Streams ---------------------------------------------------------------------

const ANNECY = { lat: 45.8992, lon: 6.1294 };

function generateStreams(a: MockActivity): Streams {
  // Typed by hand: no samples at all.
  if (a.manual)
    return { time_s: [], lat: null, lon: null, altitude: null, distance: null, speed: null, heart_rate: null, cadence: null, power: null, temperature: null };
  const r = mulberry32(a.seed);
  const sport = a.sport;
  const duration = Math.min(21600, Math.max(600, Math.round(a.totals.elapsed_s ?? 3600)));
  const pauseAt = Math.round(duration * 0.48);
  const pauseLen = 60 + Math.round(r() * 60);
  const baseSpeed = a.totals.avg_speed_mps ?? 0;
  const hasSpeed = baseSpeed > 0;
  const gps = a.has_gps;
  const loopLength = Math.max(1000, (a.totals.distance_m ?? baseSpeed * duration) || 1000);
  const radius = loopLength / (2 * Math.PI);
  const center = { lat: ANNECY.lat + (r() - 0.5) * 0.2, lon: ANNECY.lon + (r() - 0.5) * 0.3 };
  const cosLat = Math.cos((center.lat * Math.PI) / 180);
  const withPower = sport === "cycling" ? a.totals.avg_power_w !== null : a.id === history[0]?.id;
  const withCadence = a.totals.avg_cadence !== null;
  const withHr = a.totals.avg_hr !== null;

  const time_s: number[] = [];
  const lat: (number | null)[] = [];
  const lon: (number | null)[] = [];
  const altitude: (number | null)[] = [];
  const distance: (number | null)[] = [];
  const speed: (number | null)[] = [];
  const heart_rate: (number | null)[] = [];
  const cadence: (number | null)[] = [];
  const power: (number | null)[] = [];
  const temperature: (number | null)[] = [];

  let d = 0;
  let hr = 95;
  const dropout = Math.round(duration * 0.7);
  for (let t = 0; t <= duration; t++) {
    if (t > pauseAt && t <= pauseAt + pauseLen) continue; // paused: no samples
    // Blocks of harder effort every ten minutes, easier around the pause.
    const block = Math.floor(t / 600) % 2 === 1 ? 1.12 : 0.94;
    const nearPause = Math.abs(t - pauseAt) < 20 || Math.abs(t - pauseAt - pauseLen) < 10 ? 0.3 : 1;
    // freewheeling now and then, for a few seconds at a time
    const coasting = sport === "cycling" && Math.sin(t / 23) * Math.sin(t / 71) > 0.8;
    const v = hasSpeed ? Math.max(0, baseSpeed * block * nearPause * (1 + (r() - 0.5) * 0.08)) : 0;
    d += v;
    const theta = (2 * Math.PI * d) / loopLength;
    const wobble = 1 + 0.18 * Math.sin(3 * theta) + 0.06 * Math.sin(7 * theta + 1);
    const xM = radius * wobble * Math.cos(theta);
    const yM = radius * 0.75 * wobble * Math.sin(theta);
    const effort = block * nearPause;
    const target = 100 + 62 * Math.min(1.2, effort) * Math.min(1, t / 300);
    hr += (target - hr) * 0.02 + (r() - 0.5) * 1.2;

    time_s.push(t);
    lat.push(gps ? round(center.lat + yM / 111320, 6) : null);
    lon.push(gps ? round(center.lon + xM / (111320 * cosLat), 6) : null);
    altitude.push(round(450 + 35 * Math.sin(theta) + 12 * Math.sin(3 * theta + 0.5) + (r() - 0.5) * 0.6, 1));
    distance.push(hasSpeed ? round(d, 1) : null);
    speed.push(hasSpeed ? round(v, 3) : null);
    heart_rate.push(withHr && !(t >= dropout && t < dropout + 25) ? Math.round(hr) : null);
    const cadBase = sport === "running" ? 172 : sport === "cycling" ? 88 : a.totals.avg_cadence ?? 30;
    cadence.push(withCadence ? (coasting || v < 0.3 ? 0 : Math.round(cadBase * (0.97 + effort * 0.03) + (r() - 0.5) * 4)) : null);
    const pBase = a.totals.avg_power_w ?? 250;
    power.push(withPower ? (coasting ? 0 : Math.max(0, Math.round(pBase * effort * (1 + (r() - 0.5) * 0.25)))) : null);
    temperature.push(round(18 + 4 * (t / duration), 1));
  }
  return {
    time_s,
    lat: gps ? lat : null,
    lon: gps ? lon : null,
    altitude: gps ? altitude : null,
    distance: hasSpeed ? distance : null,
    speed: hasSpeed ? speed : null,
    heart_rate: withHr ? heart_rate : null,
    cadence: withCadence ? cadence : null,
    power: withPower ? power : null,
    temperature,
  };
}

function mean(xs: (number | null)[] | null, skipZeros = false): number | null {
  if (!xs) return null;
  let s = 0;
  let n = 0;
  for (const x of xs) if (x !== null && (!skipZeros || x > 0)) (s += x), n++;
  return n ? round(s / n, 1) : null;
}
function max(xs: (number | null)[] | null): number | null {
  if (!xs) return null;
  let m: number | null = null;
  for (const x of xs) if (x !== null && (m === null || x > m)) m = x;
  return m;
}

function computedTotals(s: Streams, a: MockActivity): Totals {
  const t = s.time_s;
  const elapsed = t.length ? t[t.length - 1] - t[0] : 0;
  let timer = 0;
  for (let i = 1; i < t.length; i++) if (t[i] - t[i - 1] === 1) timer++;
  let up = 0;
  let down = 0;
  if (s.altitude) {
    let ref = s.altitude[0] ?? 0;
    for (const v of s.altitude) {
      if (v === null) continue;
      if (v - ref >= 3) (up += v - ref), (ref = v);
      else if (ref - v >= 3) (down += ref - v), (ref = v);
    }
  }
  const dist = s.distance ? (s.distance[s.distance.length - 1] ?? 0) - (s.distance[0] ?? 0) : null;
  const moving = s.speed ? s.speed.filter((v) => v !== null && v >= (a.sport === "cycling" ? 1 : 0.5)).length : timer;
  return {
    elapsed_s: elapsed,
    timer_s: timer,
    moving_s: moving,
    distance_m: dist !== null ? round(dist, 1) : null,
    ascent_m: s.altitude ? round(up, 1) : null,
    descent_m: s.altitude ? round(down, 1) : null,
    avg_hr: mean(s.heart_rate, true),
    max_hr: max(s.heart_rate),
    avg_speed_mps: dist !== null && timer ? round(dist / timer, 3) : null,
    max_speed_mps: max(s.speed),
    avg_cadence: mean(s.cadence, true),
    max_cadence: max(s.cadence),
    avg_power_w: mean(s.power),
    max_power_w: max(s.power),
    calories_kcal: null,
  };
}

function kmLaps(s: Streams, lapM: number): Lap[] {
  const laps: Lap[] = [];
  if (!s.distance) return laps;
  let startIdx = 0;
  let next = lapM;
  const close = (end: number) => {
    const part: Streams = {
      time_s: s.time_s.slice(startIdx, end + 1),
      lat: null,
      lon: null,
      altitude: s.altitude?.slice(startIdx, end + 1) ?? null,
      distance: s.distance!.slice(startIdx, end + 1),
      speed: s.speed?.slice(startIdx, end + 1) ?? null,
      heart_rate: s.heart_rate?.slice(startIdx, end + 1) ?? null,
      cadence: s.cadence?.slice(startIdx, end + 1) ?? null,
      power: s.power?.slice(startIdx, end + 1) ?? null,
      temperature: null,
    };
    laps.push({ index: laps.length, start_offset_s: s.time_s[startIdx], totals: computedTotals(part, { sport: "running" } as MockActivity) });
    startIdx = end;
  };
  for (let i = 0; i < s.time_s.length; i++) {
    const d = s.distance[i];
    if (d !== null && d >= next) {
      close(i);
      next += lapM;
    }
  }
  if (startIdx < s.time_s.length - 2) close(s.time_s.length - 1);
  return laps;
}

function swimLengths(a: MockActivity, r: () => number): SwimLength[] {
  const n = Math.round((a.totals.distance_m ?? 1000) / 25);
  const out: SwimLength[] = [];
  let t = 0;
  const strokes = ["freestyle", "freestyle", "freestyle", "backstroke", "breaststroke", "drill"];
  for (let i = 0; i < n; i++) {
    const el = 22 + r() * 10;
    out.push({ start_offset_s: round(t, 1), elapsed_s: round(el, 1), active: true, strokes: Math.round(14 + r() * 6), stroke: pick(r, strokes) });
    t += el;
    if (i % 8 === 7) {
      out.push({ start_offset_s: round(t, 1), elapsed_s: 30, active: false, strokes: null, stroke: null });
      t += 30;
    }
  }
  return out;
}

function detailOf(a: MockActivity, s: Streams): ActivityDetail {
  const r = mulberry32(a.seed + 1);
  const computed = computedTotals(s, a);
  const showcase = a.id === history[0]?.id;
  const device: Totals | null = a.device ? { ...a.totals } : null;
  const disagreements = showcase
    ? [
        { field: "distance_m", device: 12480, computed: computed.distance_m ?? 0 },
        { field: "ascent_m", device: 142, computed: computed.ascent_m ?? 0 },
        { field: "avg_power_w", device: 262, computed: computed.avg_power_w ?? 0 },
      ]
    : [];
  const imported = new Date(Date.parse(a.start) + 86400000).toISOString();
  const sources = [
    { file_name: `${a.start.slice(0, 10)}-${a.id}.fit`, format: "fit", origin: "file", size_bytes: 80000 + Math.round(r() * 400000), primary: true, imported_at: imported },
  ];
  if (showcase || r() < 0.15)
    sources.push({ file_name: `activities/${9000000 + a.id}.gpx.gz`, format: "gpx", origin: "strava_export", size_bytes: 120000, primary: false, imported_at: imported });
  const pool = a.sub_sport === "pool";
  const own = { ...DEFAULT_OWN, ...ownValues.get(a.id) };
  if (a.manual)
    return { summary: stripSeed(a), device_totals: null, computed_totals: { ...a.totals }, disagreements: [], laps: [], lengths: [], pool_length_m: null, sources: [], sample_count: 0, ...own };
  return {
    summary: stripSeed(a),
    device_totals: device,
    computed_totals: computed,
    disagreements,
    laps: a.sport === "running" ? kmLaps(s, 1000) : a.sport === "cycling" ? kmLaps(s, 5000) : [],
    lengths: pool ? swimLengths(a, r) : [],
    pool_length_m: pool ? 25 : null,
    sources,
    sample_count: s.time_s.length,
    ...own,
  };
}

// --- The athlete's own values (issue 11): edits, notes, flags --------------------------

type OwnValues = Pick<ActivityDetail, "description" | "notes" | "counts_for_load" | "exclude_from_export" | "edited">;
const DEFAULT_OWN: OwnValues = { description: null, notes: null, counts_for_load: true, exclude_from_export: false, edited: [] };
const ownValues = new Map<number, Partial<OwnValues>>();

const invalidInput = (field: string, message: string) => ({ code: "invalid_input", message, field });
const textOrNull = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : null);

function checkRpe(rpe: unknown) {
  if (rpe !== null && !(Number.isInteger(rpe) && (rpe as number) >= 0 && (rpe as number) <= 10)) throw invalidInput("rpe", "RPE is a whole number from 0 to 10");
}

/** add_activity: checks like the backend, stores a manual activity, returns its id. */
function addManual(input: Any): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(input.start_local ?? "")) throw invalidInput("start_local", "the start must read YYYY-MM-DDTHH:MM");
  const offset = input.utc_offset_s ?? 0;
  const start = new Date(Date.parse(`${input.start_local}:00Z`) - offset * 1000);
  if (start.getTime() > Date.now() + 60000) throw invalidInput("start_local", "the activity cannot start in the future");
  if (!(input.duration_s > 0 && input.duration_s < 86400)) throw invalidInput("duration_s", "the duration must be more than 0 and less than 24 hours");
  if (input.avg_hr !== null && input.max_hr !== null && input.max_hr < input.avg_hr) throw invalidInput("max_hr", "max heart rate is below the average");
  checkRpe(input.rpe);
  const distance = input.distance_m ?? null;
  const a: MockActivity = {
    id: nextId++,
    sport: input.sport,
    sub_sport: "generic",
    name: textOrNull(input.name),
    start: start.toISOString().replace(/\.\d{3}Z$/, "Z"),
    utc_offset_s: input.utc_offset_s ?? null,
    totals: {
      ...EMPTY_TOTALS,
      elapsed_s: input.duration_s,
      timer_s: input.duration_s,
      moving_s: input.duration_s,
      distance_m: distance,
      avg_hr: input.avg_hr ?? null,
      max_hr: input.max_hr ?? null,
      avg_speed_mps: distance ? round(distance / input.duration_s, 3) : null,
    },
    device: null,
    has_gps: false,
    seed: 1,
    rpe: input.rpe ?? null,
    manual: true,
  };
  history.push(a);
  history.sort((x, y) => Date.parse(y.start) - Date.parse(x.start));
  ownValues.set(a.id, { description: textOrNull(input.description), notes: textOrNull(input.notes) });
  return a.id;
}

/** edit_activity: the athlete's values win; the fields that differ from before are marked edited. */
function editOwn(id: number, edit: Any): ActivityDetail {
  const a = find(id);
  if (!isSportKey(edit.sport)) throw invalidInput("sport", `unknown sport "${edit.sport}"`);
  const own = { ...DEFAULT_OWN, ...ownValues.get(id) };
  const edited = new Set(own.edited);
  const name = textOrNull(edit.name);
  const description = textOrNull(edit.description);
  if (name !== a.name) edited.add("name");
  if (edit.sport !== a.sport) edited.add("sport");
  if (description !== own.description) edited.add("description");
  if (edit.counts_for_load !== own.counts_for_load) edited.add("counts_for_load");
  a.name = name;
  a.sport = edit.sport;
  ownValues.set(id, { ...own, description, counts_for_load: !!edit.counts_for_load, exclude_from_export: !!edit.exclude_from_export, edited: [...edited] });
  return detailOf(a, generateStreams(a));
}

function setFeedback(id: number, f: Any) {
  const a = find(id);
  checkRpe(f.rpe);
  a.rpe = f.rpe ?? null;
  const notes = textOrNull(f.notes);
  ownValues.set(id, { ...ownValues.get(id), notes });
  return { rpe: a.rpe, notes };
}

function stripSeed(a: MockActivity): ActivitySummary {
  const { seed: _seed, ...rest } = a;
  return rest;
}

// --- Metrics -----------------------------------------------------------------------

/** A dated measure as the mock profile's history keeps it. */
export type MockMeasure = { measure: string; value: number; effective: string };

/** The value of each measure in force on `day` (the latest effective on or before it). */
export function inForce(measures: MockMeasure[], day: string) {
  const out: Record<string, { value: number; effective: string }> = {};
  for (const m of measures) {
    if (m.effective > day) continue;
    const cur = out[m.measure];
    if (!cur || m.effective >= cur.effective) out[m.measure] = { value: m.value, effective: m.effective };
  }
  return out;
}

function values(xs: (number | null)[] | null): number[] {
  return (xs ?? []).filter((x): x is number => x !== null);
}

/** Best average of `window` consecutive samples, and where it starts. */
function bestWindow(xs: number[], window: number): { avg: number; start: number } | null {
  if (xs.length < window) return null;
  let sum = 0;
  for (let i = 0; i < window; i++) sum += xs[i];
  let best = sum;
  let start = 0;
  for (let i = window; i < xs.length; i++) {
    sum += xs[i] - xs[i - window];
    if (sum > best) (best = sum), (start = i - window + 1);
  }
  return { avg: best / window, start };
}

/**
 * Roughly what the Rust `activity_metrics` command computes (see
 * crates/tempo-api/src/metrics.rs), from the mock streams and the mock profile.
 */
function metricsOf(a: MockActivity, s: Streams, measures: MockMeasure[], sex: string | null): ActivityMetrics {
  const day = new Date(Date.parse(a.start) + (a.utc_offset_s ?? 0) * 1000).toISOString().slice(0, 10);
  const f = inForce(measures, day);
  const thresholds = {
    on: day,
    max_hr: f.max_hr ?? null,
    resting_hr: f.resting_hr ?? null,
    lthr: f.lthr ?? null,
    ftp_w: f.ftp_w ?? null,
    threshold_pace_s_per_km: f.threshold_pace_s_per_km ?? null,
    sex,
  };
  const notes: string[] = [];

  const p = values(s.power);
  let power: ActivityMetrics["power"] = null;
  if (p.length >= 30) {
    const avg = p.reduce((x, y) => x + y, 0) / p.length;
    let sum = 0;
    let n = 0;
    let acc = 0;
    for (let i = 0; i < p.length; i++) {
      acc += p[i] - (i >= 30 ? p[i - 30] : 0);
      if (i >= 29) (sum += (acc / 30) ** 4), n++;
    }
    const np = (sum / n) ** 0.25;
    const ftp = f.ftp_w?.value ?? null;
    const ifac = ftp ? np / ftp : null;
    if (!ftp) notes.push(`no FTP recorded on ${day}: no intensity factor or TSS`);
    power = {
      average_w: round(avg, 1),
      normalized_w: round(np, 1),
      intensity_factor: ifac === null ? null : round(ifac, 3),
      variability_index: avg > 0 ? round(np / avg, 3) : null,
      tss: ifac === null || !ftp ? null : round(((p.length * np * ifac) / (ftp * 3600)) * 100, 1),
    };
  }

  const hr = values(s.heart_rate);
  let heart: ActivityMetrics["heart"] = null;
  if (hr.length > 0) {
    const max = f.max_hr?.value ?? null;
    const rest = f.resting_hr?.value ?? null;
    const lthr = f.lthr?.value ?? null;
    const [ka, kb] = sex === "female" ? [0.86, 1.67] : [0.64, 1.92];
    const reserve = (x: number) => Math.min(1, Math.max(0, (x - rest!) / (max! - rest!)));
    let banister: number | null = null;
    let hrss: number | null = null;
    if (max !== null && rest !== null && max > rest) {
      banister = hr.reduce((t, x) => t + (reserve(x) * ka * Math.exp(kb * reserve(x))) / 60, 0);
      const r = reserve(lthr ?? rest + 0.85 * (max - rest));
      hrss = (banister / (60 * r * ka * Math.exp(kb * r))) * 100;
    } else notes.push(`no max and resting HR recorded on ${day}: no Banister TRIMP or HRSS`);
    const edwards = max === null ? null : hr.reduce((t, x) => t + (x / max < 0.5 ? 0 : Math.min(5, Math.floor((x / max - 0.5) * 10) + 1)) / 60, 0);
    // Every model the thresholds allow, the primary one (Friel's, then %HRmax) first.
    const pct = a.sport === "cycling" ? [81, 90, 94, 100, 103, 107] : [85, 90, 95, 100, 103, 107];
    const numbered = ["below Z1", "Z1", "Z2", "Z3", "Z4", "Z5"];
    const models: { model: string; names: string[]; bounds: number[] }[] = [];
    if (lthr !== null) models.push({ model: "friel_lthr", names: ["Z1", "Z2", "Z3", "Z4", "Z5a", "Z5b", "Z5c"], bounds: pct.map((x) => (x / 100) * lthr) });
    if (max !== null) models.push({ model: "percent_hrmax", names: numbered, bounds: [0.5, 0.6, 0.7, 0.8, 0.9].map((x) => x * max) });
    if (max !== null && rest !== null && max > rest)
      models.push({ model: "karvonen_hrr", names: numbered, bounds: [0.5, 0.6, 0.7, 0.8, 0.9].map((x) => rest + x * (max - rest)) });
    const zone_models = models.map(({ model, names, bounds }) => {
      const secs = names.map(() => 0);
      for (const x of hr) {
        let z = 0;
        while (z < bounds.length && x >= bounds[z]) z++;
        secs[z] += 1;
      }
      return {
        model,
        zones: names.map((name, i) => ({
          name,
          low_bpm: i > 0 ? round(bounds[i - 1], 1) : null,
          high_bpm: i < bounds.length ? round(bounds[i], 1) : null,
          seconds: secs[i],
        })),
      };
    });
    heart = {
      banister_trimp: banister === null ? null : round(banister, 1),
      edwards_trimp: edwards === null ? null : round(edwards, 1),
      hrss: hrss === null ? null : round(hrss, 1),
      zone_model: zone_models[0]?.model ?? null,
      zones: zone_models[0]?.zones ?? [],
      zone_models,
    };
  }

  const power_bests = [5, 15, 30, 60, 300, 600, 1200, 1800, 3600].flatMap((w) => {
    const b = s.power ? bestWindow(s.power.map((x) => x ?? 0), w) : null;
    return b ? [{ duration_s: w, average_w: round(b.avg, 1), start_s: s.time_s[b.start] }] : [];
  });

  const distance_bests: ActivityMetrics["distance_bests"] = [];
  if (["running", "walking", "hiking"].includes(a.sport) && s.distance) {
    const pts = s.time_s.flatMap((t, i) => (s.distance![i] === null ? [] : [{ t, d: s.distance![i]! }]));
    for (const target of [400, 1000, 1609.344, 5000, 10000, 21097.5, 42195]) {
      let best: { time: number; start: number } | null = null;
      let j = 0;
      for (let i = 0; i < pts.length; i++) {
        while (j < pts.length && pts[j].d - pts[i].d < target) j++;
        if (j >= pts.length) break;
        const time = pts[j].t - pts[i].t;
        if (!best || time < best.time) best = { time, start: pts[i].t };
      }
      if (best) distance_bests.push({ distance_m: target, time_s: round(best.time, 1), start_s: best.start });
    }
  }

  const running = runningOf(a, s, thresholds.threshold_pace_s_per_km?.value ?? null, day, notes);
  const efficiency = efficiencyOf(s, power, running);
  const ftp = thresholds.ftp_w?.value ?? null;
  const power_zones = ftp && p.length > 0 ? powerZonesOf(p, ftp) : null;
  const tp = thresholds.threshold_pace_s_per_km?.value ?? null;
  const pace_zones = a.sport === "running" && tp && s.speed ? paceZonesOf(values(s.speed), 1000 / tp) : null;
  let w_balance: ActivityMetrics["w_balance"] = null;
  if (power) {
    w_balance = wBalanceOf(s, ftp ?? 250, power.average_w ?? 200, day);
    if (!w_balance) notes.push("no critical-power fit from the 90 days before: no W′ balance");
  }
  const load =
    power?.tss != null
      ? { metric: "tss", value: power.tss }
      : running?.rtss != null
        ? { metric: "rtss", value: running.rtss }
        : heart?.hrss != null
          ? { metric: "hrss", value: heart.hrss }
          : heart?.edwards_trimp != null
            ? { metric: "edwards_trimp", value: heart.edwards_trimp }
            : a.rpe != null
              ? // Foster's session-RPE: RPE × minutes, when nothing better is there.
                { metric: "session_rpe", value: round((a.rpe * (a.totals.moving_s ?? a.totals.elapsed_s ?? 0)) / 60, 0) }
              : null;
  return {
    activity_id: a.id,
    thresholds,
    power,
    heart,
    running,
    efficiency,
    power_zones,
    pace_zones,
    w_balance,
    power_bests,
    distance_bests,
    load,
    notes,
  };
}

/** Rolling 30-sample average raised to the 4th power, averaged, 4th root (NP's recipe). */
function normalized(xs: number[]): number | null {
  if (xs.length < 30) return null;
  let acc = 0;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < xs.length; i++) {
    acc += xs[i] - (i >= 30 ? xs[i - 30] : 0);
    if (i >= 29) (sum += (acc / 30) ** 4), n++;
  }
  return (sum / n) ** 0.25;
}

/** NGP (no grade in the mock: the normalized speed), IF and rTSS with a threshold pace. */
function runningOf(a: MockActivity, s: Streams, thresholdPace: number | null, day: string, notes: string[]): ActivityMetrics["running"] {
  if (a.sport !== "running" || !s.speed) return null;
  const v = values(s.speed);
  const ngs = normalized(v);
  if (ngs === null) return null;
  if (thresholdPace === null) notes.push(`no threshold pace recorded on ${day}: no rTSS`);
  const ifac = thresholdPace === null ? null : ngs / (1000 / thresholdPace);
  const moving = v.filter((x) => x > 0.5).length;
  return {
    normalized_graded_speed_mps: round(ngs, 3),
    intensity_factor: ifac === null ? null : round(ifac, 3),
    rtss: ifac === null ? null : round((moving / 3600) * ifac * ifac * 100, 1),
  };
}

/** Efficiency factor (output ÷ average HR) and decoupling between the two halves. */
function efficiencyOf(s: Streams, power: ActivityMetrics["power"], running: ActivityMetrics["running"]): ActivityMetrics["efficiency"] {
  const hr = s.heart_rate;
  if (!hr) return null;
  const basis = power && s.power ? "power" : running && s.speed ? "pace" : null;
  if (!basis) return null;
  const out = (basis === "power" ? s.power : s.speed)!;
  const avgHr = mean(hr, true);
  if (!avgHr) return null;
  const factor = basis === "power" ? power!.normalized_w! / avgHr : (running!.normalized_graded_speed_mps! * 60) / avgHr;
  const half = Math.floor(out.length / 2);
  const ratio = (from: number, to: number) => {
    const o = mean(out.slice(from, to));
    const h = mean(hr.slice(from, to), true);
    return o && h ? o / h : null;
  };
  const first = ratio(0, half);
  const second = ratio(half, out.length);
  const decoupling = out.length >= 1200 && first && second ? ((first - second) / first) * 100 : null;
  return { basis, factor: round(factor, 3), decoupling_percent: decoupling === null ? null : round(decoupling, 1) };
}

/** Time in bands `[bounds[i-1], bounds[i])`; the first band has no low, the last no high. */
function bandsOf(xs: number[], names: string[], bounds: number[], digits: number) {
  const secs = names.map(() => 0);
  for (const x of xs) {
    let z = 0;
    while (z < bounds.length && x >= bounds[z]) z++;
    secs[z] += 1;
  }
  return names.map((name, i) => ({
    name,
    low: i > 0 ? round(bounds[i - 1], digits) : null,
    high: i < bounds.length ? round(bounds[i], digits) : null,
    seconds: secs[i],
  }));
}

function powerZonesOf(p: number[], ftp: number): ActivityMetrics["power_zones"] {
  const names = ["Z1 Active recovery", "Z2 Endurance", "Z3 Tempo", "Z4 Threshold", "Z5 VO2max", "Z6 Anaerobic", "Z7 Neuromuscular"];
  return { model: "coggan", bands: bandsOf(p, names, [55, 75, 90, 105, 120, 150].map((x) => (ftp * x) / 100), 0) };
}

/** Daniels' zones around the threshold speed (fractions close to Daniels' tables). */
function paceZonesOf(v: number[], thresholdMps: number): ActivityMetrics["pace_zones"] {
  const names = ["below E", "E", "M", "T", "I", "R"];
  return { model: "daniels", bands: bandsOf(v, names, [0.73, 0.84, 0.945, 1.035, 1.11].map((x) => x * thresholdMps), 3) };
}

/**
 * Skiba's W′ balance with a mock fit: CP at 97 % of FTP (at least 5 % above the
 * activity's average power, as a fit that includes the activity would be), W′ 18 kJ.
 */
function wBalanceOf(s: Streams, ftp: number, average: number, day: string): ActivityMetrics["w_balance"] {
  if (!s.power) return null;
  const cp = Math.max(ftp * 0.97, average * 1.05);
  const wPrime = 18000;
  let w = wPrime;
  let min = w;
  let minAt = 0;
  for (let i = 1; i < s.time_s.length; i++) {
    const dt = Math.min(5, s.time_s[i] - s.time_s[i - 1]);
    const p = s.power[i] ?? 0;
    w = p > cp ? w - (p - cp) * dt : w + (cp - p) * dt * ((wPrime - w) / wPrime);
    if (w < min) (min = w), (minAt = s.time_s[i]);
  }
  const from = new Date(Date.parse(day) - 89 * DAY_MS).toISOString().slice(0, 10);
  return { cp_w: round(cp, 1), w_prime_j: wPrime, min_j: round(min, 0), min_at_s: minAt, fit_from: from, fit_to: day };
}

// --- Fitness / fatigue series -------------------------------------------------------

const DAY_MS = 86400000;

export type MockLoadModel = { ctl_days: number; atl_days: number; form: string };

/** The load model the mock series uses (get/set_load_model change it; Coggan's 42/7 linear by default). */
let loadModel: MockLoadModel = { ctl_days: 42, atl_days: 7, form: "linear" };

export function mockLoadModel(): MockLoadModel {
  return { ...loadModel };
}

/** Checks and stores a load model as set_load_model does; throws the backend's AppError. */
export function setMockLoadModel(m: Partial<MockLoadModel> | undefined): MockLoadModel {
  const invalid = (field: string, message: string) => ({ code: "invalid_input", message, field });
  const form = m?.form;
  if (form !== "linear" && form !== "exponential")
    throw invalid("form", `unknown average ${JSON.stringify(form)}: use linear or exponential`);
  for (const field of ["ctl_days", "atl_days"] as const) {
    const v = m?.[field];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 1 || v > 365)
      throw invalid(field, `a time constant must be between 1 and 365 days, not ${v}`);
  }
  if (m!.atl_days! >= m!.ctl_days!) throw invalid("atl_days", "fatigue must average over fewer days than fitness");
  loadModel = { ctl_days: m!.ctl_days!, atl_days: m!.atl_days!, form };
  return mockLoadModel();
}

/** The daily weight of the average: 1/τ (linear) or 1 − e^(−1/τ) (exponential). */
function lambda(tau: number): number {
  return loadModel.form === "exponential" ? 1 - Math.exp(-1 / tau) : 1 / tau;
}

/**
 * A performance-management series built from the mock history: each activity's load is
 * hours × IF² × 60 (hrTSS scaled down, as the mock history trains almost daily), with IF from its average heart rate against LTHR (or 90 % of max
 * HR), 0.7 without heart rate; CTL and ATL are EWMAs with the mock load model (42 and 7
 * days, linear, by default), TSB is yesterday's
 * CTL − ATL. Empty until a threshold (FTP, LTHR or max HR) is set, as the backend.
 */
export function loadSeries(from: string | null, to: string | null, measures: MockMeasure[]) {
  if (!hasLoadThreshold(measures) || history.length === 0) return [];
  if (from && to && from > to) throw { code: "invalid_input", message: "the start date is after the end date", field: "from" };
  const loads = new Map<string, number>();
  for (const a of history) {
    const day = a.start.slice(0, 10);
    loads.set(day, (loads.get(day) ?? 0) + (activityLoad(a, measures) ?? 0));
  }
  const first = [...loads.keys()].sort()[0];
  const last = to ?? new Date().toISOString().slice(0, 10);
  const out: { date: string; load: number; ctl: number; atl: number; tsb: number; ramp_7d: number | null }[] = [];
  const ctls: number[] = [];
  let ctl = 0;
  let atl = 0;
  const lambdaCtl = lambda(loadModel.ctl_days);
  const lambdaAtl = lambda(loadModel.atl_days);
  for (let t = Date.parse(first); ; t += DAY_MS) {
    const date = new Date(t).toISOString().slice(0, 10);
    if (date > last) break;
    const load = loads.get(date) ?? 0;
    const tsb = ctl - atl;
    ctl += (load - ctl) * lambdaCtl;
    atl += (load - atl) * lambdaAtl;
    ctls.push(ctl);
    const ramp = ctls.length > 7 ? ctl - ctls[ctls.length - 8] : null;
    if (!from || date >= from)
      out.push({ date, load: round(load, 1), ctl: round(ctl, 1), atl: round(atl, 1), tsb: round(tsb, 1), ramp_7d: ramp === null ? null : round(ramp, 1) });
  }
  return out;
}

/** Whether the mock profile has a threshold a load needs (FTP, LTHR or max HR). */
function hasLoadThreshold(measures: MockMeasure[]): boolean {
  return measures.some((m) => ["ftp_w", "lthr", "max_hr"].includes(m.measure));
}

/** One activity's load in the mock series (see `loadSeries`); null without any threshold. */
export function activityLoad(a: ActivitySummary, measures: MockMeasure[]): number | null {
  if (!hasLoadThreshold(measures)) return null;
  const th = inForce(measures, a.start.slice(0, 10));
  const ref = th.lthr?.value ?? (th.max_hr ? th.max_hr.value * 0.9 : null);
  const intensity = a.totals.avg_hr !== null && ref ? Math.min(1.15, a.totals.avg_hr / ref) : 0.7;
  const hours = (a.totals.moving_s ?? a.totals.elapsed_s ?? 0) / 3600;
  return hours * intensity * intensity * 60;
}

// --- State and commands -------------------------------------------------------------

/** The generated history, newest first (for the season views of devMockTrends.ts). */
export function mockHistory(): readonly (ActivitySummary & { seed: number })[] {
  return history;
}

let history: MockActivity[] = [];
let nextId = 1;
let importing: { cancelled: boolean } | null = null;

export function initActivitiesMock(params: URLSearchParams) {
  const n = Number(params.get("activities") ?? "10000");
  history = generateHistory(Number.isFinite(n) && n >= 0 ? Math.min(200000, Math.floor(n)) : 10000);
  nextId = history.length + 1;
}

function listActivities(filter: ActivityFilter | null): ActivityList {
  const f = filter ?? { sports: null, from: null, to: null, text: null };
  const text = f.text?.trim().toLowerCase() || null;
  const out: ActivityList = {
    activities: [],
    totals: { count: 0, distance_m: 0, elapsed_s: 0, moving_s: 0, ascent_m: 0, calories_kcal: 0 },
  };
  if (f.from && f.to && f.from > f.to) throw { code: "invalid_input", message: "the start date is after the end date", field: "from" };
  for (const a of history) {
    const day = a.start.slice(0, 10);
    if (f.sports && !f.sports.includes(a.sport)) continue;
    if (f.from && day < f.from) continue;
    if (f.to && day > f.to) continue;
    if (text && !(a.name?.toLowerCase().includes(text) || a.sport.includes(text) || a.device?.toLowerCase().includes(text))) continue;
    const t = out.totals as { [K in keyof ActivityList["totals"]]: number };
    t.count += 1;
    t.distance_m += a.totals.distance_m ?? 0;
    t.elapsed_s += a.totals.elapsed_s ?? 0;
    t.moving_s += a.totals.moving_s ?? a.totals.timer_s ?? 0;
    t.ascent_m += a.totals.ascent_m ?? 0;
    t.calories_kcal += a.totals.calories_kcal ?? 0;
    out.activities.push(stripSeed(a));
  }
  return out;
}

function find(id: number): MockActivity {
  const a = history.find((x) => x.id === id);
  if (!a) throw { code: "not_found", message: `there is no activity ${id}`, field: null };
  return a;
}

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

/** Sends a message on a channel the way the Rust side does (ordered by index). */
function channelSender(channel: Any) {
  let index = 0;
  return (message: ImportProgress) => {
    const internals = (window as Any).__TAURI_INTERNALS__;
    internals.runCallback(channel.id, { index: index++, message });
  };
}

async function importActivities(paths: string[], channel: Any): Promise<ImportSummary> {
  if (importing) throw { code: "busy", message: "an import is already running; wait for it or cancel it", field: null };
  if (paths.length === 0) throw { code: "invalid_input", message: "give at least one file or folder to import", field: "paths" };
  const job = { cancelled: false };
  importing = job;
  const send = channelSender(channel);
  const started = performance.now();
  const folderish = paths.some((p) => !/\.(fit|gpx|tcx|gz|zip)$/i.test(p) || p.endsWith(".zip"));
  const files = folderish
    ? Array.from({ length: 36 }, (_, i) => `${paths[0].replace(/\/$/, "")}/${i === 30 ? "corrupt.fit" : i === 12 ? "route-only.gpx" : `activity_${1000 + i}.${i % 5 === 0 ? "gpx" : "fit"}`}`)
    : paths;
  const p: ImportProgress = { done: 0, total: files.length, current: null, imported: 0, merged: 0, duplicates: 0, failed: 0 };
  const summary: ImportSummary = {
    files: 0,
    imported: 0,
    merged: 0,
    duplicates: 0,
    failed: [],
    warnings: [],
    cancelled: false,
    activity_ids: [],
    bytes: 0,
    seconds: 0,
  };
  const r = mulberry32(Date.now() & 0xffff);
  send({ ...p });
  try {
    for (const file of files) {
      if (job.cancelled) break;
      await sleep(90 + r() * 120);
      const name = file.split("/").pop() ?? file;
      p.done += 1;
      p.current = file;
      summary.files += 1;
      summary.bytes = (summary.bytes ?? 0) + 50000 + Math.round(r() * 300000);
      if (name === "corrupt.fit") {
        p.failed += 1;
        summary.failed.push({ file, reason: "not a FIT file: the header is damaged (CRC mismatch)" });
      } else if (name === "route-only.gpx") {
        p.failed += 1;
        summary.failed.push({ file, reason: "the GPX file has a route but no timed track: nothing to import" });
      } else if (r() < 0.1) {
        p.duplicates += 1;
        summary.duplicates += 1;
      } else if (r() < 0.08) {
        p.merged += 1;
        summary.merged += 1;
      } else {
        const a = generateSummary(nextId++, new Date(Date.now() - r() * 30 * 86400000), r);
        history.unshift(a);
        history.sort((x, y) => Date.parse(y.start) - Date.parse(x.start));
        p.imported += 1;
        summary.imported += 1;
        summary.activity_ids.push(a.id);
        if (r() < 0.1) summary.warnings.push({ file, reason: "12 samples with an invalid timestamp were skipped" });
      }
      send({ ...p });
    }
  } finally {
    importing = null;
  }
  summary.cancelled = job.cancelled && p.done < p.total;
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

export function activitiesMock(cmd: string, a: Any, profile?: { measures: MockMeasure[]; sex: string | null }): unknown {
  switch (cmd) {
    case "list_activities":
      return listActivities(a.filter ?? null);
    case "get_activity": {
      const act = find(a.id);
      return detailOf(act, generateStreams(act));
    }
    case "activity_streams":
      return generateStreams(find(a.id));
    case "activity_metrics": {
      const act = find(a.id);
      return metricsOf(act, generateStreams(act), profile?.measures ?? [], profile?.sex ?? null);
    }
    case "add_activity":
      return addManual(a.input ?? {});
    case "edit_activity":
      return editOwn(a.id, a.edit ?? {});
    case "set_activity_feedback":
      return setFeedback(a.id, a.feedback ?? {});
    case "delete_activity": {
      find(a.id);
      history = history.filter((x) => x.id !== a.id);
      return null;
    }
    case "load_series":
      return loadSeries(a.from ?? null, a.to ?? null, profile?.measures ?? []);
    case "choose_import_paths":
      return a.kind === "folder" ? ["/home/you/Garmin/Activities"] : ["/home/you/Downloads/morning_run.fit", "/home/you/Downloads/strava_export.zip"];
    case "import_activities":
      return importActivities(a.paths ?? [], a.onProgress);
    case "cancel_import":
      if (importing) importing.cancelled = true;
      return importing !== null;
    default:
      return undefined;
  }
}

/** Browser drags become the shell's drag-drop events, with file names as paths. */
export function mockFileDrops(emit: (event: string, payload: unknown) => Promise<void>) {
  let depth = 0;
  const pos = { x: 0, y: 0 };
  window.addEventListener("dragenter", (e) => {
    e.preventDefault();
    if (depth++ === 0) void emit("tauri://drag-enter", { paths: [], position: pos });
  });
  window.addEventListener("dragover", (e) => {
    e.preventDefault();
    void emit("tauri://drag-over", { position: pos });
  });
  window.addEventListener("dragleave", () => {
    if (--depth <= 0) {
      depth = 0;
      void emit("tauri://drag-leave", null);
    }
  });
  window.addEventListener("drop", (e) => {
    e.preventDefault();
    depth = 0;
    const names = Array.from(e.dataTransfer?.files ?? []).map((f) => `/home/you/Dropped/${f.name}`);
    void emit("tauri://drag-drop", { paths: names.length ? names : ["/home/you/Dropped"], position: pos });
  });
}
