// Types derived from the generated command signatures in ../bindings, so that this
// UI keeps compiling whether tauri-specta emits one type per DTO or split
// `_Serialize` / `_Deserialize` variants.
import type { commands } from "../bindings";

type OkData<R> = R extends { status: "ok"; data: infer D } ? D : never;
type ErrData<R> = R extends { status: "error"; error: infer E } ? E : never;
type Returned<K extends keyof typeof commands> = Awaited<ReturnType<(typeof commands)[K]>>;

export type Profile = OkData<Returned<"getProfile">>;
type UpdateParam = Parameters<(typeof commands)["updateProfile"]>[0];
/** The full update object this UI always sends (every key present, null = unchanged). */
export type ProfileUpdate = { [K in keyof UpdateParam]-?: Exclude<UpdateParam[K], undefined> };
export type HistoryEntry = OkData<Returned<"profileHistory">>[number];
export type DiagnosticsInfo = OkData<Returned<"getDiagnostics">>;
export type SettingsData = OkData<Returned<"getSettings">>;
export type ApiError = ErrData<Returned<"getProfile">>;
/** How fitness (CTL) and fatigue (ATL) average the daily loads. */
export type LoadModel = OkData<Returned<"getLoadModel">>;
export type ApiResult<T> = { status: "ok"; data: T } | { status: "error"; error: ApiError };

export type MeasureKeyOf<P> = Extract<keyof P, string>;

/** A measure in force, or null when unset (the generated DatedValue allows a null value). */
export function measureOf(
  p: Profile | null | undefined,
  key: import("../bindings").MeasureKey,
): { value: number; effective: string } | null {
  const d = p?.[key];
  if (!d || d.value === null || d.value === undefined) return null;
  return { value: d.value, effective: d.effective };
}

// --- Activities ---------------------------------------------------------------

export type ActivityList = OkData<Returned<"listActivities">>;
export type ActivitySummary = ActivityList["activities"][number];
/** Sums over the filtered list (specta types every f64 as nullable: NaN goes out as null). */
export type ActivityTotals = ActivityList["totals"];
/** The filter `list_activities` takes; this UI always sends every key (null = not filtering). */
type FilterParam = NonNullable<Parameters<(typeof commands)["listActivities"]>[0]>;
export type ActivityFilter = { [K in keyof FilterParam]-?: Exclude<FilterParam[K], undefined> };
export type ActivityDetail = OkData<Returned<"getActivity">>;
export type Totals = ActivityDetail["computed_totals"];
export type Lap = ActivityDetail["laps"][number];
export type SwimLength = ActivityDetail["lengths"][number];
export type Disagreement = ActivityDetail["disagreements"][number];
export type Source = ActivityDetail["sources"][number];
export type Streams = OkData<Returned<"activityStreams">>;
/** Training metrics of one activity, with the thresholds in force on its date. */
export type ActivityMetrics = OkData<Returned<"activityMetrics">>;
export type ThresholdsUsed = ActivityMetrics["thresholds"];
export type PowerMetrics = NonNullable<ActivityMetrics["power"]>;
export type HeartMetrics = NonNullable<ActivityMetrics["heart"]>;
export type ZoneTime = HeartMetrics["zones"][number];
export type PowerBest = ActivityMetrics["power_bests"][number];
export type DistanceBest = ActivityMetrics["distance_bests"][number];
export type LoadFigure = NonNullable<ActivityMetrics["load"]>;
export type ImportSummary = OkData<Returned<"importActivities">>;
export type FileIssue = ImportSummary["failed"][number];
type ProgressChannel = Parameters<(typeof commands)["importActivities"]>[1];
/** What the import sends on its channel after every file. */
export type ImportProgress = ProgressChannel extends { onmessage: (m: infer P) => void } ? P : never;
export type PickKind = Parameters<(typeof commands)["chooseImportPaths"]>[0];
/** Running metrics (NGP, IF from the threshold pace, rTSS). */
export type RunningMetrics = NonNullable<ActivityMetrics["running"]>;
/** Efficiency factor and aerobic decoupling. */
export type EfficiencyMetrics = NonNullable<ActivityMetrics["efficiency"]>;
/** Time in power (Coggan) or pace (Daniels) zones; bounds in W or m/s. */
export type ZoneSet = NonNullable<ActivityMetrics["power_zones"]>;
export type Band = ZoneSet["bands"][number];
export type WBalance = NonNullable<ActivityMetrics["w_balance"]>;

// --- Season views and fitness estimates ----------------------------------------

export type TrainingStatus = OkData<Returned<"trainingStatus">>;
export type SportVolume = TrainingStatus["last_7_days"];
export type VolumePeriod = OkData<Returned<"trainingVolume">>[number];
export type Period = Parameters<(typeof commands)["trainingVolume"]>[2];
export type CurveKind = Parameters<(typeof commands)["meanMaxCurves"]>[0];
export type DateRange = Parameters<(typeof commands)["meanMaxCurves"]>[1][number];
export type MeanMaxCurve = OkData<Returned<"meanMaxCurves">>[number];
export type CurvePoint = MeanMaxCurve["points"][number];
export type ZoneDistribution = OkData<Returned<"zoneDistribution">>[number];
export type Predictions = OkData<Returned<"fitnessPredictions">>;
export type RacePrediction = Predictions["races"][number];
export type TrainingPaces = NonNullable<Predictions["paces"]>;
export type CriticalFit = NonNullable<Predictions["critical_power"]>;
export type EffortRef = NonNullable<Predictions["vdot_effort"]>;
export type ThresholdEstimate = OkData<Returned<"thresholdEstimates">>[number];
export type FitnessModel = OkData<Returned<"fitnessModel">>;
export type ModelFit = FitnessModel["fits"][number];

// --- Goals and plans -------------------------------------------------------------

export type PlanView = OkData<Returned<"getPlan">>;
export type WeekView = PlanView["weeks"][number];
export type PlannedWorkout = PlanView["workouts"][number];
export type PlanSummary = OkData<Returned<"listPlans">>[number];
export type PlanTemplate = OkData<Returned<"listPlanTemplates">>[number];
export type AdjustmentView = NonNullable<PlanView["pending_adjustment"]>;
/** A goal as the backend sends it (from a plan or a template). */
export type GoalOut = PlanView["goal"];
/** A goal as this UI sends it (check, create). */
export type GoalIn = Parameters<(typeof commands)["checkGoal"]>[0];
export type LevelOut = OkData<Returned<"planLevelFromActivities">>;
export type GoalWarning = PlanView["warnings"][number];
export type PlanThresholds = PlanView["thresholds"];
