import { describe, expect, it } from "vitest";
import { planGoal } from "../test/planFixtures";
import {
  defaultGoalForm,
  firstInvalidStep,
  formToGoal,
  goalToForm,
  nextMonday,
  planWeeksBetween,
  serverErrorTarget,
  stepIssues,
  type GoalFormValues,
} from "./goalForm";

const TODAY = "2026-03-15"; // a Sunday

/** A complete, valid form: a half marathon with a recent 10 km. */
function valid(over: Partial<GoalFormValues> = {}): GoalFormValues {
  return {
    ...defaultGoalForm(TODAY),
    kind: "half_marathon",
    race_date: "2026-06-28",
    target_time: "1:45:00",
    level_source: "recent_race",
    race_distance_km: "10",
    race_time: "45:00",
    weekly_km: "35",
    longest_km: "16",
    years: "4",
    ...over,
  };
}

describe("goal form defaults", () => {
  it("starts next Monday", () => {
    expect(nextMonday("2026-03-15")).toBe("2026-03-16");
    expect(nextMonday("2026-03-16")).toBe("2026-03-16");
    expect(nextMonday("2026-03-18")).toBe("2026-03-23");
    expect(defaultGoalForm(TODAY).start).toBe("2026-03-16");
  });

  it("counts calendar weeks as the backend does", () => {
    expect(planWeeksBetween("2026-03-16", "2026-06-28")).toBe(15);
    expect(planWeeksBetween("2026-03-18", "2026-03-22")).toBe(1);
    expect(planWeeksBetween("2026-03-29", "2026-03-16")).toBeNull();
  });
});

describe("step validation", () => {
  it("accepts a complete goal", () => {
    expect(firstInvalidStep(valid(), TODAY)).toBeNull();
  });

  it("refuses empty required fields", () => {
    const v = defaultGoalForm(TODAY);
    expect(stepIssues("goal", v, TODAY)).toEqual({ kind: "plan.validation.chooseKind" });
    expect(stepIssues("dates", { ...v, kind: "ten_k" }, TODAY)).toEqual({
      race_date: "validation.required",
      target_time: "plan.validation.targetRequired",
    });
    expect(stepIssues("level", v, TODAY)).toEqual({
      weekly_km: "validation.required",
      longest_km: "validation.required",
      years: "validation.required",
    });
    expect(stepIssues("goal", { ...v, kind: "trail" }, TODAY)).toEqual({
      trail_distance_km: "validation.required",
      trail_elevation_m: "validation.required",
    });
    expect(firstInvalidStep(v, TODAY)).toBe("goal");
  });

  it("refuses a race before the start (or less than a week after it)", () => {
    expect(stepIssues("dates", valid({ race_date: "2026-03-10" }), TODAY)).toEqual({ race_date: "plan.validation.raceAfterStart" });
    expect(stepIssues("dates", valid({ race_date: "2026-03-20" }), TODAY)).toEqual({ race_date: "plan.validation.raceAfterStart" });
    expect(stepIssues("dates", valid({ race_date: "2026-13-40" }), TODAY)).toEqual({ race_date: "validation.date" });
    expect(stepIssues("dates", valid({ start: "2026-03-01" }), TODAY)).toEqual({ start: "plan.validation.startPast" });
  });

  it("takes the weeks for base building and no target when just finishing", () => {
    expect(stepIssues("dates", valid({ kind: "base_building", race_date: "", weeks: "60" }), TODAY)).toEqual({ weeks: "validation.range" });
    expect(stepIssues("dates", valid({ kind: "base_building", race_date: "", weeks: "10" }), TODAY)).toEqual({});
    expect(stepIssues("dates", valid({ target_time: "", just_finish: true }), TODAY)).toEqual({});
    expect(stepIssues("dates", valid({ target_time: "fast" }), TODAY)).toEqual({ target_time: "plan.validation.timeFormat" });
  });

  it("checks the race gives a plausible VDOT", () => {
    expect(stepIssues("level", valid({ race_distance_km: "10", race_time: "15:00" }), TODAY)).toEqual({ race_time: "plan.validation.vdotRange" });
    expect(stepIssues("level", valid({ weekly_km: "400" }), TODAY)).toEqual({ weekly_km: "validation.range" });
  });

  it("refuses a long-run day that is not a training day", () => {
    expect(stepIssues("availability", valid({ days: ["Tue", "Thu", "Sat"], long_run_day: "Sun" }), TODAY)).toEqual({
      long_run_day: "plan.validation.longRunDay",
    });
    expect(stepIssues("availability", valid({ days: ["Sun"] }), TODAY)).toEqual({ days: "plan.validation.daysCount" });
    expect(stepIssues("availability", valid({ max_session_min: "10" }), TODAY)).toEqual({ max_session_min: "validation.range" });
  });

  it("refuses more training and rest days than a week has", () => {
    expect(stepIssues("preferences", valid({ days: ["Mon", "Tue", "Wed", "Thu", "Sat", "Sun"], min_rest_days: "2" }), TODAY)).toEqual({
      min_rest_days: "plan.validation.restDaysFit",
    });
    expect(stepIssues("preferences", valid({ min_rest_days: "3" }), TODAY)).toEqual({});
    expect(stepIssues("preferences", valid({ min_rest_days: "1.5" }), TODAY)).toEqual({ min_rest_days: "validation.integer" });
  });
});

describe("formToGoal", () => {
  it("sends the race as the level's VDOT, days in week order", () => {
    const g = formToGoal(valid({ days: ["Sun", "Tue", "Thu"] as GoalFormValues["days"] }));
    expect(g).toEqual({
      kind: { type: "half_marathon" },
      start: "2026-03-16",
      race_date: "2026-06-28",
      weeks: null,
      target_time_s: 6300,
      level: { source: "recent_race", weekly_km: 35, longest_run_km: 16, vdot: 45.3, experience_years: 4 },
      availability: { days: ["Tue", "Thu", "Sun"], long_run_day: "Sun", max_session_min: 60, max_long_run_min: 120 },
      preferences: { intensity: "polarized", cross_training: false, treadmill: false },
      constraints: { injury_history: false, min_rest_days: 1 },
    });
  });

  it("sends trails, base building and declared levels", () => {
    const trail = formToGoal(valid({ kind: "trail", trail_distance_km: "42,5", trail_elevation_m: "2500", just_finish: true }));
    expect(trail.kind).toEqual({ type: "trail", distance_km: 42.5, elevation_m: 2500 });
    expect(trail.target_time_s).toBeNull();
    const base = formToGoal(valid({ kind: "base_building", weeks: "10", level_source: "declared" }));
    expect(base).toMatchObject({ race_date: null, weeks: 10, target_time_s: null, level: { source: "declared", vdot: null } });
    const acts = formToGoal(valid({ level_source: "activities", activities_vdot: "48.7" }));
    expect(acts.level).toMatchObject({ source: "activities", vdot: 48.7 });
  });

  it("reads a template's goal back", () => {
    const v = goalToForm(planGoal, "Mine");
    expect(v).toMatchObject({
      kind: "half_marathon",
      race_date: "2026-03-29",
      target_time: "1:45:00",
      just_finish: false,
      level_source: "declared",
      weekly_km: "35",
      days: ["Tue", "Thu", "Sat", "Sun"],
      long_run_day: "Sun",
      max_session_min: "75",
      name: "Mine",
    });
  });
});

describe("serverErrorTarget", () => {
  it("places the backend's field on its step", () => {
    const v = valid();
    expect(serverErrorTarget("race_date", v)).toEqual({ field: "race_date", step: "dates" });
    expect(serverErrorTarget("availability.long_run_day", v)).toEqual({ field: "long_run_day", step: "availability" });
    expect(serverErrorTarget("constraints.min_rest_days", v)).toEqual({ field: "min_rest_days", step: "preferences" });
    expect(serverErrorTarget("level.weekly_km", v)).toEqual({ field: "weekly_km", step: "level" });
    expect(serverErrorTarget("target_time_s", v)).toEqual({ field: "target_time", step: "dates" });
    expect(serverErrorTarget("level.vdot", v)).toEqual({ field: "race_time", step: "level" });
    expect(serverErrorTarget("kind", valid({ kind: "trail" }))).toEqual({ field: "trail_distance_km", step: "goal" });
    expect(serverErrorTarget("something_else", v)).toBeNull();
    expect(serverErrorTarget(null, v)).toBeNull();
  });
});
