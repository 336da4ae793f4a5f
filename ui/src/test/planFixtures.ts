// A small plan for the tests (today is Sunday 2026-03-15): four weeks from
// Monday 2026-03-02, sessions done, partial, missed, skipped and to come,
// structured steps with repeats and every kind of target.
import { vi } from "vitest";
import type { PlanFormat, Step, Workout } from "../bindings";
import type { AdjustmentView, GoalIn, GoalOut, GoalWarning, LevelOut, PlanSummary, PlanTemplate, PlanView, PlannedWorkout } from "../lib/api";

const ok = <T>(data: T) => ({ status: "ok" as const, data });

export const planGoal: GoalOut = {
  kind: { type: "half_marathon" },
  start: "2026-03-02",
  race_date: "2026-03-29",
  weeks: null,
  target_time_s: 6300,
  level: { source: "recent_race", weekly_km: 35, longest_run_km: 16, vdot: 50.3, experience_years: 4 },
  availability: { days: ["Tue", "Thu", "Sat", "Sun"], long_run_day: "Sun", max_session_min: 75, max_long_run_min: 130 },
  preferences: { intensity: "polarized", cross_training: false, treadmill: false },
  constraints: { injury_history: false, min_rest_days: 1 },
};

const easySteps = (min: number): Step[] => [
  { type: "single", intensity: "warmup", duration: { type: "seconds", value: 600 }, target: { type: "pace", low_mps: 2.9, high_mps: 3.2 }, label: "10 min easy" },
  { type: "single", intensity: "active", duration: { type: "seconds", value: (min - 15) * 60 }, target: { type: "pace", low_mps: 2.9, high_mps: 3.2 }, label: `${min - 15} min easy` },
  { type: "single", intensity: "cooldown", duration: { type: "seconds", value: 300 }, target: { type: "none" }, label: "5 min easy jog" },
];

/** Intervals: 15 min warm-up, 5 × (3 min at I pace, 2 min jog), 10 min cool-down. */
export const intervalSteps: Step[] = [
  { type: "single", intensity: "warmup", duration: { type: "seconds", value: 900 }, target: { type: "pace", low_mps: 2.9, high_mps: 3.2 }, label: "15 min easy" },
  {
    type: "repeat",
    count: 5,
    steps: [
      { type: "single", intensity: "active", duration: { type: "seconds", value: 180 }, target: { type: "pace", low_mps: 4.15, high_mps: 4.3 }, label: "3 min at I pace" },
      { type: "single", intensity: "recovery", duration: { type: "seconds", value: 120 }, target: { type: "none" }, label: "2 min easy jog" },
    ],
  },
  { type: "single", intensity: "cooldown", duration: { type: "seconds", value: 600 }, target: { type: "none" }, label: "10 min easy jog" },
];

/** Threshold by distance and heart rate: 3 × 1600 m, an effort recovery, an open cool-down. */
export const thresholdSteps: Step[] = [
  { type: "single", intensity: "warmup", duration: { type: "seconds", value: 600 }, target: { type: "heart_rate", low_bpm: 130, high_bpm: 145 }, label: "10 min easy" },
  {
    type: "repeat",
    count: 3,
    steps: [
      { type: "single", intensity: "active", duration: { type: "meters", value: 1600 }, target: { type: "pace", low_mps: 3.75, high_mps: 3.85 }, label: "1.6 km at T pace" },
      { type: "single", intensity: "recovery", duration: { type: "seconds", value: 90 }, target: { type: "effort", rpe: 2 }, label: "1:30 min easy jog" },
    ],
  },
  { type: "single", intensity: "active", duration: { type: "seconds", value: 300 }, target: { type: "power", low_w: 220, high_w: 240 }, label: "5 min at threshold power" },
  { type: "single", intensity: "cooldown", duration: { type: "open" }, target: { type: "none" }, label: "Easy jog until lap" },
];

function workout(date: string, kind: Workout["kind"], title: string, steps: Step[], est_duration_s: number, est_distance_m: number, est_load: number): Workout {
  return { date, kind, title, purpose: `Purpose of ${title}.`, steps, est_duration_s, est_distance_m, est_load };
}

function planned(id: number, week_index: number, status: string, w: Workout, extra: Partial<PlannedWorkout> = {}): PlannedWorkout {
  return { id, week_index, workout: w, status, activity_id: null, duration_ratio: null, edited: false, rpe: null, notes: null, ...extra };
}

export const planWorkouts: PlannedWorkout[] = [
  planned(101, 0, "completed", workout("2026-03-03", "easy", "Easy run 45 min", easySteps(45), 2700, 8100, 38), { activity_id: 3, duration_ratio: 1.02 }),
  planned(102, 0, "partial", workout("2026-03-05", "threshold", "Threshold 3 × 1.6 km", thresholdSteps, 3300, 10200, 72), { activity_id: 4, duration_ratio: 0.7 }),
  planned(103, 0, "missed", workout("2026-03-08", "long", "Long run 90 min", [{ type: "single", intensity: "active", duration: { type: "seconds", value: 5400 }, target: { type: "heart_rate", low_bpm: 135, high_bpm: 150 }, label: "90 min easy" }], 5400, 16200, 80)),
  planned(104, 1, "skipped", workout("2026-03-10", "easy", "Easy run 40 min", easySteps(40), 2400, 7200, 33), { edited: true }),
  planned(105, 1, "completed", workout("2026-03-12", "intervals", "Intervals 5 × 3 min", intervalSteps, 3000, 9800, 75), { activity_id: 5, duration_ratio: 0.98 }),
  planned(106, 1, "planned", workout("2026-03-15", "long", "Long run 95 min", easySteps(95), 5700, 17300, 85)),
  planned(107, 2, "planned", workout("2026-03-17", "easy", "Easy run 35 min", easySteps(35), 2100, 6300, 28)),
  planned(108, 2, "planned", workout("2026-03-22", "long_progression", "Long run 80 min, last 15 min at race pace", easySteps(80), 4800, 15000, 78)),
  planned(109, 3, "planned", workout("2026-03-24", "race_pace", "Race-week sharpener 4 × 1 km", easySteps(40), 2400, 7600, 45)),
  planned(110, 3, "planned", workout("2026-03-29", "race", "Half marathon", easySteps(105), 6300, 21100, 120)),
];

export const planWarnings: GoalWarning[] = [
  {
    code: "too_few_weeks",
    message: "4 weeks is short for a half marathon: plans usually need at least 8.",
    suggestion: "Choose a later race, or run this one as a training run at a comfortable effort.",
  },
];

export const planView: PlanView = {
  id: 12,
  goal_id: 4,
  goal_name: "Spring half",
  goal: planGoal,
  active: true,
  generated_at: "2026-03-01T09:00:00Z",
  vdot: 50.3,
  thresholds: { max_hr: 188, lthr: 171, threshold_pace_s_per_km: 262, ftp_w: 230 },
  warnings: planWarnings,
  weeks: [
    { index: 0, start: "2026-03-02", phase: "base", recovery: false, target_km: 34.5, long_run_km: 16.2, rules: [{ rule: "rule-1", note: "base: 1 of 2 weeks" }, { rule: "rule-2", note: "volume +0 % (start)" }], planned_load: 190, done_load: 95, done_km: 18.3, compliance: 0.67 },
    { index: 1, start: "2026-03-09", phase: "build", recovery: false, target_km: 37.4, long_run_km: 17.3, rules: [{ rule: "rule-2", note: "volume +8 % (cap 10 %)" }, { rule: "rule-6", note: "long run 95 min (cap 150 min)" }], planned_load: 193, done_load: 80, done_km: 10.1, compliance: 0.5 },
    { index: 2, start: "2026-03-16", phase: "peak", recovery: true, target_km: 28.1, long_run_km: 15, rules: [{ rule: "rule-3", note: "recovery week at 75 %" }], planned_load: 106, done_load: 0, done_km: 0, compliance: null },
    { index: 3, start: "2026-03-23", phase: "taper", recovery: false, target_km: 28.7, long_run_km: 21.1, rules: [{ rule: "rule-7", note: "taper week 1 of 1" }], planned_load: 165, done_load: 0, done_km: 0, compliance: null },
  ],
  workouts: planWorkouts,
  pending_adjustment: null,
};

export const adjustment: AdjustmentView = {
  id: 7,
  reason: "missed_workouts",
  explanation: "2 of the last 5 sessions were missed; the next 2 weeks are reduced by 15 %.",
  created_at: "2026-03-15T10:00:00Z",
  weeks: [
    { index: 2, start: "2026-03-16", phase: "peak", recovery: true, target_km: 24.0, long_run_km: 13, rules: [], workouts: [] },
    { index: 3, start: "2026-03-23", phase: "taper", recovery: false, target_km: 28.7, long_run_km: 21.1, rules: [], workouts: [] },
  ],
};

export const planList: PlanSummary[] = [
  { id: 12, goal_id: 4, goal_name: "Spring half", active: true, generated_at: "2026-03-01T09:00:00Z", start: "2026-03-02", end: "2026-03-29" },
  { id: 9, goal_id: 3, goal_name: "Autumn 10K", active: false, generated_at: "2025-09-01T09:00:00Z", start: "2025-09-01", end: "2025-10-26" },
];

export const otherPlan: PlanView = { ...planView, id: 9, goal_id: 3, goal_name: "Autumn 10K", warnings: [], pending_adjustment: null };

export const template: PlanTemplate = {
  id: 3,
  name: "Spring half template",
  goal: { ...planGoal, level: { source: "declared", weekly_km: 30, longest_run_km: 14, vdot: null, experience_years: 3 } },
};

export const activitiesLevel: LevelOut = { source: "activities", weekly_km: 32.5, longest_run_km: 14.2, vdot: 48.7, experience_years: 4.2 };

export const ambitiousWarning: GoalWarning = {
  code: "target_beyond_vdot",
  message: "A half marathon in 1:20:00 needs a VDOT of about 57.3; your current VDOT is 49.8.",
  suggestion: "Aim for about 1:32:06, the time your current VDOT predicts, and revise the target after a tune-up race.",
};

/** A plan with the workout moved (as move_planned_workout answers). */
export function movedPlan(plan: PlanView, id: number, date: string): PlanView {
  return { ...plan, workouts: plan.workouts.map((w) => (w.id === id ? { ...w, edited: true, workout: { ...w.workout, date } } : w)) };
}

export function makePlanCommands() {
  return {
    planLevelFromActivities: vi.fn(async () => ok(activitiesLevel)),
    checkGoal: vi.fn(async (_goal: GoalIn) => ok([] as GoalWarning[])),
    createPlan: vi.fn(async (name: string | null, _goal: GoalIn) => ok({ ...planView, goal_name: name ?? "Half marathon on 2026-06-28" })),
    activePlan: vi.fn(async () => ok(planView as PlanView | null)),
    listPlans: vi.fn(async () => ok(planList)),
    getPlan: vi.fn(async (_id: number) => ok(planView)),
    activatePlan: vi.fn(async (id: number) => ok(id === otherPlan.id ? otherPlan : planView)),
    movePlannedWorkout: vi.fn(async (id: number, date: string) => ok(movedPlan(planView, id, date))),
    skipPlannedWorkout: vi.fn(async (id: number, skipped: boolean) =>
      ok({ ...planView, workouts: planView.workouts.map((w) => (w.id === id ? { ...w, status: skipped ? "skipped" : "planned" } : w)) }),
    ),
    replacePlannedWorkout: vi.fn(async (_id: number, _w: Workout) => ok(planView)),
    adaptPlan: vi.fn(async () => ok(adjustment as AdjustmentView | null)),
    decidePlanAdjustment: vi.fn(async (_id: number, _accept: boolean) => ok({ ...planView, pending_adjustment: null })),
    exportPlanFile: vi.fn(async (_id: number, format: PlanFormat) => ok(`/home/camille/Documents/spring-half.${format === "text" ? "txt" : format}` as string | null)),
    exportPlanFit: vi.fn(async (_id: number) => ok(["/home/camille/fit/2026-03-15-long-run.fit", "/home/camille/fit/2026-03-17-easy-run.fit"] as string[] | null)),
    savePlanTemplate: vi.fn(async (_planId: number, name: string) => ok({ ...template, name })),
    listPlanTemplates: vi.fn(async () => ok([template])),
    goalFromTemplate: vi.fn(async (_id: number, start: string) => ok({ ...template.goal, start, race_date: "2026-04-12" })),
    deletePlanTemplate: vi.fn(async (_id: number) => ok(null)),
    deleteGoal: vi.fn(async (_id: number) => ok(null)),
  };
}
