import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { initPlanMock, planMock } from "./devMockPlan";
import type { AdjustmentView, GoalIn, GoalWarning, PlanView } from "./lib/api";

const goal = (over: Partial<GoalIn> = {}): GoalIn => ({
  kind: { type: "half_marathon" },
  start: "2026-03-16",
  race_date: "2026-06-28",
  weeks: null,
  target_time_s: 4800,
  level: { source: "recent_race", weekly_km: 30, longest_run_km: 14, vdot: 45, experience_years: 3 },
  availability: { days: ["Tue", "Thu", "Sat", "Sun"], long_run_day: "Sun", max_session_min: 60, max_long_run_min: 120 },
  preferences: { intensity: "polarized", cross_training: false, treadmill: false },
  constraints: { injury_history: false, min_rest_days: 1 },
  ...over,
});

describe("dev mock plans", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(2026, 2, 15, 10));
  });
  afterEach(() => vi.useRealTimers());

  it("seeds a demo plan five weeks in, with structured sessions and their outcomes", () => {
    initPlanMock(new URLSearchParams());
    const plan = planMock("active_plan", {}) as PlanView;
    expect(plan.weeks).toHaveLength(14);
    expect(plan.weeks[0].start).toBe("2026-02-02");
    const statuses = new Set(plan.workouts.map((w) => w.status));
    for (const s of ["completed", "partial", "missed", "skipped", "planned"]) expect(statuses).toContain(s);
    expect(plan.workouts.some((w) => w.workout.steps.some((s) => s.type === "repeat"))).toBe(true);
    expect(plan.weeks.some((w) => w.recovery)).toBe(true);
    expect(plan.weeks.at(-1)!.phase).toBe("taper");
    expect(plan.workouts.at(-1)!.workout.kind).toBe("race");
    expect(plan.warnings.map((w) => w.code)).toContain("target_beyond_vdot");
  });

  it("checks goals: an ambitious target warns, an impossible goal is refused", () => {
    initPlanMock(new URLSearchParams("plan=none"));
    expect(planMock("active_plan", {})).toBeNull();
    const warnings = planMock("check_goal", { goal: goal() }) as GoalWarning[];
    expect(warnings.map((w) => w.code)).toEqual(["target_beyond_vdot"]);
    expect(() => planMock("check_goal", { goal: goal({ availability: { ...goal().availability, long_run_day: "Mon" } }) })).toThrow();
    try {
      planMock("check_goal", { goal: goal({ race_date: "2026-03-18" }) });
    } catch (e) {
      expect(e).toMatchObject({ code: "invalid_input", field: "race_date" });
    }
  });

  it("creates, moves, adapts and templates plans", () => {
    initPlanMock(new URLSearchParams("plan=none"));
    const plan = planMock("create_plan", { name: null, goal: goal({ target_time_s: null }) }) as PlanView;
    expect(plan.goal_name).toBe("Half marathon on 2026-06-28");
    expect(plan.weeks).toHaveLength(15);
    const w = plan.workouts[0];
    const moved = planMock("move_planned_workout", { id: w.id, date: "2026-03-20" }) as PlanView;
    expect(moved.workouts.find((x) => x.id === w.id)!.workout.date).toBe("2026-03-20");
    expect(() => planMock("move_planned_workout", { id: w.id, date: "2027-01-01" })).toThrow();
    expect(planMock("adapt_plan", {})).toBeNull(); // nothing missed yet
    const t = planMock("save_plan_template", { planId: plan.id, name: "Mine" }) as { id: number };
    const g = planMock("goal_from_template", { id: t.id, start: "2026-04-06" }) as GoalIn;
    expect(g).toMatchObject({ start: "2026-04-06", race_date: "2026-07-19" });
  });

  it("proposes an adjustment after missed sessions, and applies it when accepted", () => {
    initPlanMock(new URLSearchParams());
    const adj = planMock("adapt_plan", {}) as AdjustmentView;
    expect(adj.reason).toBe("missed_workouts");
    const before = (planMock("active_plan", {}) as PlanView).weeks.find((w) => w.index === adj.weeks[0].index)!;
    expect(adj.weeks[0].target_km).toBeLessThan(before.target_km!);
    const after = planMock("decide_plan_adjustment", { id: adj.id, accept: true }) as PlanView;
    expect(after.pending_adjustment).toBeNull();
    expect(after.weeks.find((w) => w.index === adj.weeks[0].index)!.target_km).toBe(adj.weeks[0].target_km);
  });
});
