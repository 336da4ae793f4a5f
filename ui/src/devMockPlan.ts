// Goals and plans of the dev mock backend (see devMock.ts): a demo half-marathon
// plan that started five weeks ago (sessions done, partial, missed, skipped), a
// small plan generator for the goals the wizard creates, the goal check with
// its warnings, moves, skips, adaptation proposals, exports and templates.
// Roughly what crates/tempo-plan and crates/tempo-api/src/plans.rs do.
import type { Step, StepIntensity, Target, Workout, WorkoutKind } from "./bindings";
import type { AdjustmentView, GoalIn, GoalOut, GoalWarning, LevelOut, PlanSummary, PlanTemplate, PlanView, PlannedWorkout, WeekView } from "./lib/api";
import { WEEKDAYS, addDaysIso, daysBetween, goalDistanceM, mondayOf, planWeeksBetween } from "./lib/goalForm";
import { flattenSteps } from "./lib/plan";
import { formatClock, speedAtFraction, vdotFromRace } from "./lib/vdot";

type Any = Record<string, any>;
type Phase = WeekView["phase"];
type PlanWeekOut = AdjustmentView["weeks"][number];

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
};

function invalid(field: string, message: string): never {
  throw { code: "invalid_input", message, field };
}

function notFound(what: string, id: number): never {
  throw { code: "not_found", message: `there is no ${what} ${id}`, field: null };
}

const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;

// --- Targets and steps -----------------------------------------------------------------

type Zone = "easy" | "jog" | "marathon" | "threshold" | "interval" | "rep" | "race" | "hill";
const FRACTION: Record<Exclude<Zone, "race" | "hill">, number> = { jog: 0.6, easy: 0.68, marathon: 0.8, threshold: 0.88, interval: 0.98, rep: 1.05 };

/** Target speeds (m/s) of a VDOT, each a ±2 % band; hills by effort. */
class Paces {
  constructor(
    private vdot: number,
    private raceMps: number | null,
  ) {}
  speed(z: Zone): number {
    if (z === "race") return this.raceMps ?? this.speed("threshold") * 0.97;
    if (z === "hill") return this.speed("easy") * 0.8;
    return speedAtFraction(this.vdot, FRACTION[z]) ?? 3;
  }
  target(z: Zone): Target {
    if (z === "hill") return { type: "effort", rpe: 8 };
    if (z === "jog") return { type: "none" };
    const v = this.speed(z);
    return { type: "pace", low_mps: round(v * 0.98, 3), high_mps: round(v * 1.02, 3) };
  }
  threshold(): number {
    return this.speed("threshold");
  }
}

function single(p: Paces, intensity: StepIntensity, zone: Zone, duration: { type: "seconds"; value: number } | { type: "meters"; value: number }, label: string): Step {
  return { type: "single", intensity, duration, target: p.target(zone), label };
}

const sec = (value: number) => ({ type: "seconds" as const, value });
const m = (value: number) => ({ type: "meters" as const, value });
const minLabel = (s: number) => (s % 60 === 0 ? `${s / 60} min` : s < 60 ? `${s} s` : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")} min`);

/** Estimates from the steps: each step at its target's speed (jog and effort steps at easy speed). */
function estimates(steps: Step[], p: Paces) {
  let secs = 0;
  let meters = 0;
  let load = 0;
  for (const { step } of flattenSteps(steps)) {
    const tg = step.target;
    const v = tg.type === "pace" && tg.low_mps && tg.high_mps ? (tg.low_mps + tg.high_mps) / 2 : p.speed("easy") * (tg.type === "effort" ? 0.85 : 0.95);
    const s = step.duration.type === "seconds" ? step.duration.value : step.duration.type === "meters" ? step.duration.value / v : 300;
    const effort = tg.type === "effort" ? p.threshold() * 1.02 : v;
    secs += s;
    meters += s * v;
    load += (s / 3600) * (effort / p.threshold()) ** 2 * 100;
  }
  return { est_duration_s: Math.round(secs), est_distance_m: Math.round(meters), est_load: round(load, 1) };
}

const PURPOSE: Record<WorkoutKind, string> = {
  easy: "Easy, conversational running: the aerobic base most of the plan rests on (rule 4).",
  recovery: "A short, very easy run that helps recovery without adding fatigue.",
  long: "The long run builds endurance, fat use and resilience; keep it easy (rule 6).",
  long_progression: "A long run whose last part is at marathon pace: endurance with some race specificity.",
  strides: "Easy running with short relaxed accelerations: economy and leg speed at little cost.",
  hills: "Hard uphill repeats with the jog down as recovery: VO2max stimulus and strength with less impact (Barnes et al. 2013).",
  threshold: "Cruise intervals at threshold (T) pace with short jogs: a large stimulus to the lactate threshold for a moderate cost (Daniels 2014).",
  intervals: "VO2max intervals at I pace (about 3–5 km race pace) with equal jog recoveries (Daniels 2014; Billat 2001).",
  race_pace: "Goal-pace running to rehearse the race's rhythm and effort; paces never faster than current fitness allows (rule 8).",
  race: "Race day. Start conservatively and even out the effort.",
  cross_training: "Aerobic cross-training (bike or swim) in place of an easy run.",
};

function build(p: Paces, date: string, kind: WorkoutKind, minutes: number, raceM: number | null): Workout {
  const wu = minutes >= 40 ? 600 : 300;
  const easyRun = (total: number, extra: Step[] = []) => {
    const rest = Math.max(300, total * 60 - wu - 300 - extra.reduce((s, x) => s + (x.type === "repeat" ? x.count * 80 : 0), 0));
    return [
      single(p, "warmup", "easy", sec(wu), `${minLabel(wu)} easy`),
      single(p, "active", "easy", sec(rest), `${minLabel(rest)} easy`),
      ...extra,
      single(p, "cooldown", "jog", sec(300), "5 min easy jog"),
    ];
  };
  let steps: Step[];
  let title: string;
  switch (kind) {
    case "threshold": {
      const reps = minutes >= 60 ? 4 : 3;
      steps = [
        single(p, "warmup", "easy", sec(900), "15 min easy"),
        { type: "repeat", count: reps, steps: [single(p, "active", "threshold", sec(480), "8 min at T pace"), single(p, "recovery", "jog", sec(120), "2 min easy jog")] },
        single(p, "cooldown", "jog", sec(600), "10 min easy jog"),
      ];
      title = `Threshold ${reps} × 8 min`;
      break;
    }
    case "intervals": {
      const reps = minutes >= 60 ? 6 : 5;
      steps = [
        single(p, "warmup", "easy", sec(900), "15 min easy"),
        { type: "repeat", count: reps, steps: [single(p, "active", "interval", sec(180), "3 min at I pace"), single(p, "recovery", "jog", sec(180), "3 min easy jog")] },
        single(p, "cooldown", "jog", sec(600), "10 min easy jog"),
      ];
      title = `Intervals ${reps} × 3 min`;
      break;
    }
    case "hills":
      steps = [
        single(p, "warmup", "easy", sec(900), "15 min easy"),
        { type: "repeat", count: 8, steps: [single(p, "active", "hill", sec(60), "60 s hard uphill (3–5 km effort)"), single(p, "recovery", "jog", sec(90), "1:30 min jog back down")] },
        single(p, "cooldown", "jog", sec(600), "10 min easy jog"),
      ];
      title = "Hill repeats 8 × 60 s";
      break;
    case "race_pace": {
      const reps = minutes >= 60 ? 3 : 2;
      steps = [
        single(p, "warmup", "easy", sec(900), "15 min easy"),
        { type: "repeat", count: reps, steps: [single(p, "active", "race", m(2000), "2 km at race pace"), single(p, "recovery", "jog", sec(120), "2 min easy jog")] },
        single(p, "cooldown", "jog", sec(600), "10 min easy jog"),
      ];
      title = `Race pace ${reps} × 2 km`;
      break;
    }
    case "strides":
      steps = easyRun(minutes, [{ type: "repeat", count: 6, steps: [single(p, "active", "rep", sec(20), "20 s fast, relaxed"), single(p, "recovery", "jog", sec(60), "1 min easy jog")] }]);
      title = `Easy run ${minutes} min + 6 strides`;
      break;
    case "long":
      steps = [single(p, "active", "easy", sec(minutes * 60), `${minutes} min easy`)];
      title = `Long run ${minutes} min`;
      break;
    case "long_progression":
      steps = [single(p, "active", "easy", sec((minutes - 20) * 60), `${minutes - 20} min easy`), single(p, "active", "marathon", sec(1200), "20 min at M pace")];
      title = `Long run ${minutes} min, last 20 min at M pace`;
      break;
    case "race":
      steps = [single(p, "warmup", "easy", sec(600), "10 min easy"), single(p, "active", "race", m(Math.round(raceM ?? 10000)), "Race")];
      title = "Race day";
      break;
    default:
      steps = easyRun(minutes);
      title = `${kind === "recovery" ? "Recovery run" : "Easy run"} ${minutes} min`;
  }
  return { date, kind, title, purpose: PURPOSE[kind], steps, ...estimates(steps, p) };
}

// --- The generator -------------------------------------------------------------------------

const MIN_WEEKS: Record<string, number> = { five_k: 6, ten_k: 6, half_marathon: 8, marathon: 12, trail: 10, base_building: 2 };
const PEAK_KM: Record<string, number> = { five_k: 40, ten_k: 48, half_marathon: 55, marathon: 70, trail: 60, base_building: 40 };
const USUAL_LONG_MIN: Record<string, number> = { five_k: 60, ten_k: 70, half_marathon: 90, marathon: 150, trail: 120, base_building: 0 };

function phases(type: string, n: number): Phase[] {
  if (type === "base_building") return Array.from({ length: n }, () => "base");
  const taper = Math.min(type === "marathon" ? 3 : type === "half_marathon" || type === "trail" ? 2 : 1, Math.max(1, Math.floor(n / 4)));
  const rest = n - taper;
  const peak = rest >= 14 ? 3 : rest >= 6 ? 2 : rest >= 3 ? 1 : 0;
  const left = rest - peak;
  const buildW = left <= 4 ? left : Math.max(4, Math.round(0.45 * left));
  return [
    ...Array.from({ length: left - buildW }, () => "base" as const),
    ...Array.from({ length: buildW }, () => "build" as const),
    ...Array.from({ length: peak }, () => "peak" as const),
    ...Array.from({ length: taper }, () => "taper" as const),
  ];
}

function planLength(goal: GoalIn): number {
  if (goal.kind.type === "base_building") return goal.weeks ?? 8;
  return planWeeksBetween(goal.start, goal.race_date ?? goal.start) ?? 1;
}

function generate(goal: GoalIn, vdotFallback: number): { weeks: PlanWeekOut[]; vdot: number } {
  const type = goal.kind.type;
  const n = planLength(goal);
  const ph = phases(type, n);
  const careful = (goal.level.experience_years ?? 0) < 1 || goal.constraints.injury_history;
  const every = careful ? 3 : 4;
  const step = careful ? 0.07 : 0.1;
  const vdot = goal.level.vdot ?? vdotFallback;
  const dist = goalDistanceM(goal.kind);
  const raceMps = goal.target_time_s && dist ? dist / goal.target_time_s : null;
  const p = new Paces(vdot, raceMps ? Math.min(raceMps, speedAtFraction(vdot, 0.92) ?? raceMps) : null);
  const days = WEEKDAYS.filter((d) => goal.availability.days.includes(d));
  const usable = Math.min(days.length, 7 - Math.max(1, goal.constraints.min_rest_days));
  const longDay = goal.availability.long_run_day;
  const others = days.filter((d) => d !== longDay);
  const runDays = [longDay, ...others.slice(0, Math.max(0, usable - 1))];
  const peakKm = Math.max(PEAK_KM[type] ?? 45, goal.level.weekly_km ?? 0);
  let km = Math.max(5, goal.level.weekly_km ?? 20);
  let since = 0;
  const firstMonday = mondayOf(goal.start);
  const weeks: PlanWeekOut[] = [];
  for (let i = 0; i < n; i++) {
    const phase = ph[i];
    const loading = ph.filter((x) => x !== "taper").length;
    const recovery = i > 0 && phase !== "taper" && phase !== "peak" && i + 1 < loading && since + 1 >= every;
    const rules: PlanWeekOut["rules"] = [{ rule: "rule-1", note: `${phase}: week ${ph.slice(0, i + 1).filter((x) => x === phase).length} of ${ph.filter((x) => x === phase).length}` }];
    let target: number;
    if (phase === "taper") {
      target = km * (i === n - 1 ? 0.5 : 0.7);
      rules.push({ rule: "rule-7", note: `taper: volume ${i === n - 1 ? "−50 %" : "−30 %"}, intensity kept` });
    } else if (recovery) {
      target = km * 0.75;
      since = 0;
      rules.push({ rule: "rule-3", note: "recovery week at 75 % of the week before" });
    } else {
      if (i > 0) {
        const next = Math.min(peakKm, km + Math.min(km * step, 8));
        rules.push({ rule: "rule-2", note: `volume +${Math.round(((next - km) / km) * 100)} % (cap ${Math.round(step * 100)} %)` });
        km = next;
      } else rules.push({ rule: "rule-2", note: "volume from your current level" });
      target = km;
      since += 1;
    }
    const longMin = Math.min(goal.availability.max_long_run_min, Math.round((Math.min(target * 0.3, 35) * 1000) / p.speed("easy") / 60 / 5) * 5, type === "marathon" ? 180 : 150);
    rules.push({ rule: "rule-6", note: `long run ${longMin} min (cap ${goal.availability.max_long_run_min} min, 30 % of the week)` });
    const quality: WorkoutKind[] =
      phase === "base" ? ["hills", "strides"] : phase === "build" ? ["threshold", "intervals"] : phase === "peak" ? ["race_pace", "threshold"] : ["race_pace"];
    const nQuality = Math.min(quality.length, (goal.level.experience_years ?? 0) >= 3 ? 2 : 1, Math.max(0, runDays.length - 2));
    rules.push({ rule: "rule-5", note: `${nQuality} quality session${nQuality === 1 ? "" : "s"}` });
    rules.push({ rule: "rule-9", note: `${7 - runDays.length} rest day${7 - runDays.length === 1 ? "" : "s"}` });
    const monday = addDaysIso(firstMonday, 7 * i);
    const longKm = (longMin * 60 * p.speed("easy")) / 1000;
    const easyMin = Math.max(25, Math.min(goal.availability.max_session_min, Math.round(((target - longKm) / Math.max(1, runDays.length - 1)) * 1000 / p.speed("easy") / 60 / 5) * 5));
    const workouts: Workout[] = [];
    let q = 0;
    for (const d of WEEKDAYS) {
      if (!runDays.includes(d)) continue;
      const date = addDaysIso(monday, WEEKDAYS.indexOf(d));
      if (date < goal.start) continue;
      if (goal.race_date && date > goal.race_date) continue;
      if (goal.race_date && date === goal.race_date) {
        workouts.push(build(p, date, "race", 0, dist));
        continue;
      }
      if (d === longDay) workouts.push(build(p, date, phase === "peak" && type !== "five_k" ? "long_progression" : "long", recovery ? Math.round(longMin * 0.8) : longMin, dist));
      else if (q < nQuality && !recovery) workouts.push(build(p, date, quality[q++], Math.min(goal.availability.max_session_min, 70), dist));
      else workouts.push(build(p, date, recovery ? "recovery" : "easy", recovery ? Math.max(25, easyMin - 10) : easyMin, dist));
    }
    if (goal.race_date && goal.race_date >= monday && goal.race_date <= addDaysIso(monday, 6) && !workouts.some((w) => w.kind === "race"))
      workouts.push(build(p, goal.race_date, "race", 0, dist));
    workouts.sort((a, b) => a.date.localeCompare(b.date));
    weeks.push({ index: i, start: monday, phase, recovery, target_km: round(target, 1), long_run_km: round(longKm, 1), rules, workouts });
  }
  return { weeks, vdot: round(vdot, 1) };
}

// --- The goal check -------------------------------------------------------------------

/** Refuses impossible goals (invalid_input naming the field), then warns about unrealistic ones. */
function check(goal: GoalIn): GoalWarning[] {
  refuse(goal);
  return warn(goal);
}

function refuse(goal: GoalIn) {
  const now = today();
  if (daysBetween(goal.start, now) > 7) invalid("start", `the plan cannot start before ${addDaysIso(now, -7)} (today is ${now})`);
  const type = goal.kind.type;
  if (type === "base_building") {
    if (goal.weeks == null || goal.weeks < 2 || goal.weeks > 52) invalid("weeks", `a plan lasts 2 to 52 weeks (got ${goal.weeks})`);
  } else {
    if (!goal.race_date) invalid("race_date", "a race goal needs a race date");
    if (goal.race_date < now) invalid("race_date", `the race date ${goal.race_date} is in the past`);
    if (daysBetween(goal.start, goal.race_date) < 7) invalid("race_date", "the race must be at least 7 days after the plan starts");
    if ((planWeeksBetween(goal.start, goal.race_date) ?? 0) > 52) invalid("race_date", "the race is more than 52 weeks after the start");
  }
  const a = goal.availability;
  if (a.days.length < 2 || a.days.length > 7) invalid("availability.days", `choose 2 to 7 training days (got ${a.days.length})`);
  if (!a.days.includes(a.long_run_day)) invalid("availability.long_run_day", `the long-run day (${a.long_run_day}) is not one of the training days`);
  if (a.max_session_min < 20 || a.max_session_min > 300) invalid("availability.max_session_min", `sessions must be allowed 20 to 300 min (got ${a.max_session_min})`);
  if (a.max_long_run_min < 30 || a.max_long_run_min > 600) invalid("availability.max_long_run_min", `the long run must be allowed 30 to 600 min (got ${a.max_long_run_min})`);
  if (a.days.length + goal.constraints.min_rest_days > 7)
    invalid("constraints.min_rest_days", `${a.days.length} training days and ${goal.constraints.min_rest_days} rest days do not fit in a week`);
}

function warn(goal: GoalIn): GoalWarning[] {
  const type = goal.kind.type;
  const a = goal.availability;
  const warnings: GoalWarning[] = [];
  const dist = goalDistanceM(goal.kind);
  const n = planLength(goal);
  const name = type === "trail" ? "trail race" : type.replace("_", " ").replace("five k", "5 km").replace("ten k", "10 km");
  const vdot = goal.level.vdot ?? null;
  if (goal.target_time_s && vdot && dist && type !== "trail") {
    const needed = vdotFromRace(dist, goal.target_time_s) ?? 0;
    if (needed > vdot + 3) {
      // Time at the current VDOT, by bisection on the race time.
      let lo = 60;
      let hi = 86400;
      for (let i = 0; i < 60; i++) {
        const mid = (lo + hi) / 2;
        if ((vdotFromRace(dist, mid) ?? 0) > vdot) lo = mid;
        else hi = mid;
      }
      warnings.push({
        code: "target_beyond_vdot",
        message: `A ${name} in ${formatClock(goal.target_time_s)} needs a VDOT of about ${needed.toFixed(1)}; your current VDOT is ${vdot.toFixed(1)}.`,
        suggestion: `Aim for about ${formatClock(hi)}, the time your current VDOT predicts, and revise the target after a tune-up race.`,
      });
    }
  }
  if (type !== "base_building" && n < (MIN_WEEKS[type] ?? 6))
    warnings.push({
      code: "too_few_weeks",
      message: `${n} weeks is short for a ${name}: plans usually need at least ${MIN_WEEKS[type]}.`,
      suggestion: "Choose a later race, or run this one as a training run at a comfortable effort.",
    });
  const usual = USUAL_LONG_MIN[type] ?? 0;
  if (usual > 0 && a.max_long_run_min < usual)
    warnings.push({
      code: "long_run_cap",
      message: `Long runs are capped at ${a.max_long_run_min} min; a ${name} usually needs long runs of about ${usual} min.`,
      suggestion: `Allow at least ${usual} min for the long run.`,
    });
  if (a.days.length === 2)
    warnings.push({ code: "few_days", message: "Two running days a week limit both volume and quality.", suggestion: "Add a third day, even a short easy run, if you can." });
  if (vdot === null)
    warnings.push({
      code: "no_vdot",
      message: "No recent race or VDOT: paces cannot be computed, so targets are by heart rate or effort.",
      suggestion: "Enter a recent race or run a 5 km time trial to get training paces.",
    });
  return warnings;
}

// --- Stored plans -------------------------------------------------------------------------

type StoredPlan = {
  id: number;
  goalId: number;
  name: string;
  goal: GoalIn;
  generatedAt: string;
  vdot: number | null;
  warnings: GoalWarning[];
  weeks: PlanWeekOut[];
  workouts: { id: number; week: number; workout: Workout; skipped: boolean; edited: boolean }[];
  adjustment: AdjustmentView | null;
  /** Demo: how past sessions went, by workout id. */
  outcome: Map<number, { status: "completed" | "partial" | "missed"; ratio: number | null }>;
};

let plans: StoredPlan[] = [];
/** RPE and notes per planned workout (issue 11). */
const feedback = new Map<number, { rpe: number | null; notes: string | null }>();
let activeId: number | null = null;
let templates: PlanTemplate[] = [];
let nextId = 1;

const THRESHOLDS = { max_hr: 188, lthr: 171, threshold_pace_s_per_km: 262, ftp_w: 230 };

function store(name: string | null, goal: GoalIn, demo: boolean): StoredPlan {
  const { weeks, vdot } = generate(goal, 47);
  const p: StoredPlan = {
    id: nextId++,
    goalId: nextId++,
    name: name?.trim() || defaultName(goal),
    goal,
    generatedAt: new Date().toISOString(),
    vdot: goal.level.vdot ?? vdot,
    // The demo plan started weeks ago, which the check refuses for a new plan.
    warnings: demo ? warn(goal) : check(goal),
    weeks,
    workouts: [],
    adjustment: null,
    outcome: new Map(),
  };
  for (const w of weeks) for (const wo of w.workouts) p.workouts.push({ id: nextId++, week: w.index, workout: wo, skipped: false, edited: false });
  if (demo) {
    // Past sessions: mostly done, a few partial or missed, one skipped.
    const now = today();
    p.workouts
      .filter((w) => w.workout.date < now)
      .forEach((w, i) => {
        if (i === 6) w.skipped = true;
        const status = i % 7 === 3 ? "missed" : i % 5 === 2 ? "partial" : "completed";
        p.outcome.set(w.id, { status, ratio: status === "missed" ? null : status === "partial" ? 0.62 : round(0.92 + ((i * 37) % 15) / 100, 2) });
      });
  }
  plans = [p, ...plans];
  activeId = p.id;
  return p;
}

/** A goal as the backend sends it: every optional field present. */
function normalize(g: GoalIn): GoalOut {
  return { ...g, race_date: g.race_date ?? null, weeks: g.weeks ?? null, target_time_s: g.target_time_s ?? null, level: { ...g.level, vdot: g.level.vdot ?? null } };
}

function defaultName(goal: GoalIn): string {
  const k = goal.kind;
  const what =
    k.type === "trail" ? `Trail ${Math.round(k.distance_km ?? 0)} km` : { five_k: "5 km", ten_k: "10 km", half_marathon: "Half marathon", marathon: "Marathon", base_building: "Base building" }[k.type];
  return goal.race_date ? `${what} on ${goal.race_date}` : `${what} from ${goal.start}`;
}

function find(id: number): StoredPlan {
  return plans.find((p) => p.id === id) ?? notFound("plan", id);
}

function view(p: StoredPlan): PlanView {
  const now = today();
  const workouts: PlannedWorkout[] = p.workouts
    .slice()
    .sort((a, b) => a.workout.date.localeCompare(b.workout.date) || a.id - b.id)
    .map((w) => {
      const o = p.outcome.get(w.id);
      const due = w.workout.date < now;
      const status = w.skipped ? "skipped" : o && due ? o.status : due ? "missed" : "planned";
      return {
        id: w.id,
        week_index: w.week,
        workout: w.workout,
        status,
        activity_id: status === "completed" || status === "partial" ? 1 + (w.id % 50) : null,
        duration_ratio: status === "completed" || status === "partial" ? (o?.ratio ?? 1) : null,
        edited: w.edited,
        rpe: feedback.get(w.id)?.rpe ?? null,
        notes: feedback.get(w.id)?.notes ?? null,
      };
    });
  const weeks: WeekView[] = p.weeks.map((w) => {
    const inWeek = workouts.filter((x) => x.week_index === w.index);
    const due = inWeek.filter((x) => x.workout.date < now);
    const done = due.filter((x) => x.status === "completed" || x.status === "partial");
    const doneKm = done.reduce((s, x) => s + (x.workout.est_distance_m / 1000) * (x.duration_ratio ?? 1), 0);
    const doneLoad = done.reduce((s, x) => s + (x.workout.est_load ?? 0) * (x.duration_ratio ?? 1), 0);
    return {
      index: w.index,
      start: w.start,
      phase: w.phase,
      recovery: w.recovery,
      target_km: w.target_km,
      long_run_km: w.long_run_km,
      rules: w.rules,
      planned_load: Math.round(inWeek.reduce((s, x) => s + (x.workout.est_load ?? 0), 0)),
      done_load: Math.round(doneLoad),
      done_km: round(doneKm, 1),
      compliance: due.length ? round(done.length / due.length, 2) : null,
    };
  });
  return {
    id: p.id,
    goal_id: p.goalId,
    goal_name: p.name,
    goal: normalize(p.goal),
    active: p.id === activeId,
    generated_at: p.generatedAt,
    vdot: p.vdot,
    thresholds: THRESHOLDS,
    warnings: p.warnings,
    weeks,
    workouts,
    pending_adjustment: p.adjustment,
  };
}

function summary(p: StoredPlan): PlanSummary {
  return {
    id: p.id,
    goal_id: p.goalId,
    goal_name: p.name,
    active: p.id === activeId,
    generated_at: p.generatedAt,
    start: p.weeks[0]?.start ?? null,
    end: p.weeks.length ? addDaysIso(p.weeks[p.weeks.length - 1].start, 6) : null,
  };
}

function workoutOf(id: number): { plan: StoredPlan; w: StoredPlan["workouts"][number] } {
  for (const plan of plans) {
    const w = plan.workouts.find((x) => x.id === id);
    if (w) return { plan, w };
  }
  return notFound("planned workout", id);
}

function weekOf(plan: StoredPlan, date: string): number {
  const w = plan.weeks.find((x) => x.start <= date && date <= addDaysIso(x.start, 6));
  if (!w) invalid("date", `${date} is outside the plan`);
  return w.index;
}

/** A proposal when sessions were missed: the next two weeks eased by 15 %. */
function propose(plan: StoredPlan): AdjustmentView | null {
  const v = view(plan);
  const missed = v.workouts.filter((w) => w.status === "missed").length;
  if (missed === 0) return null;
  const now = today();
  const coming = plan.weeks.filter((w) => w.start > now && w.phase !== "taper").slice(0, 2);
  if (coming.length === 0) return null;
  return {
    id: nextId++,
    reason: "missed_workouts",
    explanation: `${missed} planned sessions were missed; the next ${coming.length} weeks are reduced by 15 % and their long runs shortened before the plan resumes its progression.`,
    created_at: new Date().toISOString(),
    weeks: coming.map((w) => ({ ...w, target_km: round(w.target_km! * 0.85, 1), long_run_km: round(w.long_run_km! * 0.9, 1) })),
  };
}

function seedDemo() {
  const now = today();
  const start = addDaysIso(mondayOf(now), -35);
  const goal: GoalIn = {
    kind: { type: "half_marathon" },
    start,
    race_date: addDaysIso(start, 13 * 7 + 6),
    weeks: null,
    target_time_s: 5400,
    level: { source: "recent_race", weekly_km: 32, longest_run_km: 15, vdot: 47.6, experience_years: 5 },
    availability: { days: ["Tue", "Thu", "Sat", "Sun"], long_run_day: "Sun", max_session_min: 75, max_long_run_min: 140 },
    preferences: { intensity: "polarized", cross_training: true, treadmill: false },
    constraints: { injury_history: false, min_rest_days: 2 },
  };
  store("Spring half marathon", goal, true);
  templates = [
    {
      id: nextId++,
      name: "10 km in 8 weeks",
      goal: normalize({ ...goal, kind: { type: "ten_k" }, race_date: addDaysIso(start, 8 * 7 - 1), target_time_s: 2700, level: { ...goal.level, source: "declared", vdot: null } }),
    },
  ];
}

/** `?plan=none` starts without a plan (the wizard); otherwise a demo plan five weeks in. */
export function initPlanMock(params: URLSearchParams) {
  plans = [];
  templates = [];
  activeId = null;
  if (params.get("plan") !== "none") seedDemo();
}

const LEVEL: LevelOut = { source: "activities", weekly_km: 38.4, longest_run_km: 18.2, vdot: 47.9, experience_years: 6.3 };

export function planMock(cmd: string, a: Any): unknown {
  switch (cmd) {
    case "plan_level_from_activities":
      return LEVEL;
    case "check_goal":
      return check(a.goal as GoalIn);
    case "create_plan":
      return view(store(a.name ?? null, a.goal as GoalIn, false));
    case "active_plan": {
      const p = plans.find((x) => x.id === activeId);
      return p ? view(p) : null;
    }
    case "list_plans":
      return plans.map(summary);
    case "get_plan":
      return view(find(a.id));
    case "activate_plan":
      activeId = find(a.id).id;
      return view(find(a.id));
    case "move_planned_workout": {
      const { plan, w } = workoutOf(a.id);
      w.week = weekOf(plan, a.date);
      w.workout = { ...w.workout, date: a.date };
      w.edited = true;
      return view(plan);
    }
    case "skip_planned_workout": {
      const { plan, w } = workoutOf(a.id);
      w.skipped = !!a.skipped;
      w.edited = true;
      return view(plan);
    }
    case "set_workout_feedback": {
      const { w } = workoutOf(a.workoutId);
      const f = a.feedback as { rpe: number | null; notes: string | null };
      if (f.rpe !== null && !(Number.isInteger(f.rpe) && f.rpe >= 0 && f.rpe <= 10)) invalid("rpe", "RPE is a whole number from 0 to 10");
      const saved = { rpe: f.rpe, notes: f.notes?.trim() || null };
      feedback.set(w.id, saved);
      return saved;
    }
    case "replace_planned_workout": {
      const { plan, w } = workoutOf(a.id);
      if (!String(a.workout?.title ?? "").trim()) invalid("title", "a workout needs a title");
      w.week = weekOf(plan, a.workout.date);
      w.workout = a.workout;
      w.edited = true;
      return view(plan);
    }
    case "adapt_plan": {
      const p = plans.find((x) => x.id === activeId);
      if (!p) return null;
      p.adjustment ??= propose(p);
      return p.adjustment;
    }
    case "decide_plan_adjustment": {
      const p = plans.find((x) => x.id === activeId);
      if (!p?.adjustment || p.adjustment.id !== a.id) notFound("pending adjustment", a.id);
      if (a.accept)
        for (const w of p.adjustment.weeks) {
          const mine = p.weeks.find((x) => x.index === w.index);
          if (!mine) continue;
          const factor = (w.target_km ?? 0) / (mine.target_km || 1);
          mine.target_km = w.target_km;
          mine.long_run_km = w.long_run_km;
          for (const wo of p.workouts.filter((x) => x.week === w.index && !x.edited))
            wo.workout = { ...wo.workout, est_duration_s: Math.round(wo.workout.est_duration_s * factor), est_distance_m: Math.round(wo.workout.est_distance_m * factor), est_load: round((wo.workout.est_load ?? 0) * factor, 1) };
        }
      p.adjustment = null;
      return view(p);
    }
    case "export_plan_file": {
      const p = find(a.id);
      const slug = p.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
      return `/home/you/Documents/${slug}.${a.format === "text" ? "txt" : a.format}`;
    }
    case "export_plan_fit": {
      const p = find(a.id);
      return p.workouts
        .filter((w) => !w.skipped)
        .map((w) => `/home/you/Documents/tempo-fit/${w.workout.date}-${w.workout.title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")}.fit`);
    }
    case "save_plan_template": {
      const name = String(a.name ?? "").trim();
      if (!name) invalid("name", "a template needs a name");
      const t: PlanTemplate = { id: nextId++, name, goal: view(find(a.planId)).goal };
      templates.push(t);
      return t;
    }
    case "list_plan_templates":
      return templates;
    case "goal_from_template": {
      const t = templates.find((x) => x.id === a.id) ?? notFound("template", a.id);
      const g = t.goal;
      const race = g.race_date ? addDaysIso(a.start, Math.max(0, daysBetween(g.start, g.race_date))) : null;
      return { ...g, start: a.start, race_date: race };
    }
    case "delete_plan_template":
      if (!templates.some((x) => x.id === a.id)) notFound("template", a.id);
      templates = templates.filter((x) => x.id !== a.id);
      return null;
    case "delete_goal": {
      const before = plans.length;
      plans = plans.filter((p) => p.goalId !== a.id);
      if (plans.length === before) notFound("goal", a.id);
      if (!plans.some((p) => p.id === activeId)) activeId = plans[0]?.id ?? null;
      return null;
    }
    default:
      throw { code: "internal", message: `mock: unknown command ${cmd}`, field: null };
  }
}
