import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { activitiesMock, initActivitiesMock } from "./devMockActivities";
import { entriesMock, initEntriesMock } from "./devMockEntries";
import { initPlanMock, planMock } from "./devMockPlan";
import type { ActivityDetail, ActivityList, ActivityMetrics, PlanView } from "./lib/api";

describe("dev mock: own your data", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(2026, 2, 15, 10));
    sessionStorage.clear();
  });
  afterEach(() => vi.useRealTimers());

  it("adds a manual activity, lists it, and gives it a session-RPE load", () => {
    initActivitiesMock(new URLSearchParams("activities=5"));
    const id = activitiesMock("add_activity", {
      input: { sport: "strength", start_local: "2026-03-14T18:30", utc_offset_s: 3600, duration_s: 3600, distance_m: null, avg_hr: null, max_hr: null, name: "Gym", description: "Legs", rpe: 6, notes: "Heavy" },
    }) as number;
    const list = activitiesMock("list_activities", { filter: null }) as ActivityList;
    const a = list.activities.find((x) => x.id === id)!;
    expect(a).toMatchObject({ name: "Gym", manual: true, rpe: 6, start: "2026-03-14T17:30:00Z" });
    const d = activitiesMock("get_activity", { id }) as ActivityDetail;
    expect(d).toMatchObject({ description: "Legs", notes: "Heavy", sample_count: 0, counts_for_load: true, edited: [] });
    const m = activitiesMock("activity_metrics", { id }) as ActivityMetrics;
    expect(m.load).toEqual({ metric: "session_rpe", value: 360 });
  });

  it("refuses what the backend refuses, on the field", () => {
    initActivitiesMock(new URLSearchParams("activities=0"));
    const base = { sport: "running", start_local: "2026-03-14T08:00", utc_offset_s: 0, duration_s: 1800, distance_m: null, avg_hr: null, max_hr: null, name: null, description: null, rpe: null, notes: null };
    expect(() => activitiesMock("add_activity", { input: { ...base, duration_s: 0 } })).toThrow(expect.objectContaining({ field: "duration_s" }));
    expect(() => activitiesMock("add_activity", { input: { ...base, start_local: "2026-03-16T08:00" } })).toThrow(expect.objectContaining({ field: "start_local" }));
  });

  it("keeps edits and feedback, marking what was edited", () => {
    initActivitiesMock(new URLSearchParams("activities=3"));
    const id = (activitiesMock("list_activities", { filter: null }) as ActivityList).activities[0].id;
    const d = activitiesMock("edit_activity", { id, edit: { name: "Renamed", sport: "hiking", description: null, counts_for_load: false, exclude_from_export: true } }) as ActivityDetail;
    expect(d.summary).toMatchObject({ name: "Renamed", sport: "hiking" });
    expect(d).toMatchObject({ counts_for_load: false, exclude_from_export: true });
    expect(d.edited).toEqual(expect.arrayContaining(["name", "sport", "counts_for_load"]));
    expect(activitiesMock("set_activity_feedback", { id, feedback: { rpe: 7, notes: " ok " } })).toEqual({ rpe: 7, notes: "ok" });
    expect((activitiesMock("get_activity", { id }) as ActivityDetail).notes).toBe("ok");
  });

  it("stores workout feedback in the plan", () => {
    initPlanMock(new URLSearchParams());
    const plan = planMock("active_plan", {}) as PlanView;
    const w = plan.workouts[0];
    planMock("set_workout_feedback", { workoutId: w.id, feedback: { rpe: 4, notes: "fine" } });
    expect((planMock("active_plan", {}) as PlanView).workouts.find((x) => x.id === w.id)).toMatchObject({ rpe: 4, notes: "fine" });
  });

  it("keeps wellness by day, and remembers the demo across the reload", () => {
    const settings: Record<string, unknown> = {};
    expect(initEntriesMock(new URLSearchParams("welcome&activities=0"))).toEqual({ onboarded: false, demo: false });
    entriesMock("set_wellness", { day: { date: "2026-03-15", sleep_hours: 8, sleep_quality: 5, soreness: 1, mood: 5, notes: "" } }, () => {});
    expect(entriesMock("wellness_days", { from: "2026-03-15", to: "2026-03-15" }, () => {})).toEqual([
      { date: "2026-03-15", sleep_hours: 8, sleep_quality: 5, soreness: 1, mood: 5, notes: null },
    ]);
    expect(() => entriesMock("set_wellness", { day: { date: "2026-03-15", sleep_hours: 8, sleep_quality: 6, soreness: null, mood: null, notes: null } }, () => {})).toThrow(
      expect.objectContaining({ field: "sleep_quality" }),
    );
    entriesMock("start_demo", {}, (p) => Object.assign(settings, p));
    expect(settings.demo).toBe(true);
    const params = new URLSearchParams("welcome&activities=0");
    expect(initEntriesMock(params)).toEqual({ onboarded: true, demo: true });
    expect(params.get("activities")).toBe("600");
    entriesMock("remove_demo", {}, (p) => Object.assign(settings, p));
    expect(settings.demo).toBe(false);
  });
});
