import { describe, expect, it } from "vitest";
import i18n from "../i18n";
import { intervalSteps, planView, thresholdSteps } from "../test/planFixtures";
import {
  addMonths,
  easyReplacement,
  easyTarget,
  flattenSteps,
  formatStepDuration,
  formatTarget,
  initialCalendarDay,
  monthGrid,
  nextSession,
  planRange,
  planReferences,
  ruleHref,
  stepsSeconds,
  workoutSegments,
} from "./plan";

const t = i18n.getFixedT("en");

describe("calendar", () => {
  it("lays a month out in Monday-first weeks", () => {
    const march = monthGrid("2026-03-15");
    expect(march[0][0]).toBe("2026-02-23");
    expect(march.at(-1)![6]).toBe("2026-04-05");
    expect(march.every((w) => w.length === 7)).toBe(true);
    expect(monthGrid("2021-02-10")).toHaveLength(4); // Feb 2021 starts on a Monday
    expect(addMonths("2026-12-05", 1)).toBe("2027-01-01");
    expect(addMonths("2026-01-31", -1)).toBe("2025-12-01");
  });

  it("opens on today inside the plan, else on its first week or its end", () => {
    expect(planRange(planView)).toEqual({ first: "2026-03-02", last: "2026-03-29" });
    expect(initialCalendarDay(planView, "2026-03-15")).toBe("2026-03-15");
    expect(initialCalendarDay(planView, "2026-01-01")).toBe("2026-03-08");
    expect(initialCalendarDay(planView, "2026-05-01")).toBe("2026-03-29");
  });

  it("links a rule to its section of the knowledge page", () => {
    expect(ruleHref("rule-2")).toBe("/knowledge/plan-generation-rules?section=Rule%202%3A%20weekly%20volume%20increases%20are%20bounded");
    expect(ruleHref("rule-42")).toBe("/knowledge/plan-generation-rules");
  });
});

describe("steps as text", () => {
  it("formats each kind of target", () => {
    expect(formatTarget({ type: "pace", low_mps: 1000 / 310, high_mps: 1000 / 290 }, t, "en")).toBe("5:10–4:50 /km");
    expect(formatTarget({ type: "pace", low_mps: 1000 / 310, high_mps: 1000 / 290 }, t, "en", "imperial")).toBe("8:19–7:47 /mi");
    expect(formatTarget({ type: "heart_rate", low_bpm: 150, high_bpm: 160 }, t, "en")).toBe("150–160 bpm");
    expect(formatTarget({ type: "power", low_w: 220, high_w: 240 }, t, "en")).toBe("220–240 W");
    expect(formatTarget({ type: "effort", rpe: 4 }, t, "en")).toBe("RPE 4");
    expect(formatTarget({ type: "none" }, t, "en")).toBe("");
    expect(formatTarget({ type: "heart_rate", low_bpm: null, high_bpm: 150 }, t, "en")).toBe("150 bpm");
  });

  it("formats durations", () => {
    expect(formatStepDuration({ type: "seconds", value: 600 }, t, "en")).toBe("10 min");
    expect(formatStepDuration({ type: "seconds", value: 90 }, t, "en")).toBe("1:30 min");
    expect(formatStepDuration({ type: "seconds", value: 20 }, t, "en")).toBe("20 s");
    expect(formatStepDuration({ type: "meters", value: 400 }, t, "en")).toBe("400 m");
    expect(formatStepDuration({ type: "meters", value: 1600 }, t, "en")).toBe("1.6 km");
    expect(formatStepDuration({ type: "open" }, t, "en")).toBe("until you press lap");
  });
});

describe("the structured workout flattened", () => {
  it("unrolls repeats, nested ones too", () => {
    const flat = flattenSteps(intervalSteps);
    expect(flat).toHaveLength(12);
    expect(flat.map((f) => f.step.intensity)).toEqual([
      "warmup",
      ...Array.from({ length: 5 }, () => ["active", "recovery"]).flat(),
      "cooldown",
    ]);
    expect(flat[1]).toMatchObject({ rep: 1, of: 5 });
    expect(flat[10]).toMatchObject({ rep: 5, of: 5 });
    const nested = flattenSteps([{ type: "repeat", count: 2, steps: [{ type: "repeat", count: 3, steps: [intervalSteps[0]] }] }]);
    expect(nested).toHaveLength(6);
    expect(stepsSeconds(intervalSteps)).toBe(900 + 5 * 300 + 600);
  });

  it("lays the bars along time, as % of threshold", () => {
    const refs = planReferences(planView.thresholds, planView.vdot);
    const segs = workoutSegments({ steps: intervalSteps, est_distance_m: 9800, est_duration_s: 3000 }, refs);
    expect(segs).toHaveLength(12);
    expect(segs[1]).toMatchObject({ start: 900, length: 180, intensity: "active", rep: 1 });
    expect(segs.at(-1)!.start).toBe(2400);
    // I pace 4.225 m/s over a threshold of 1000/262 m/s: 111 %
    expect(Math.round(segs[1].percent)).toBe(111);
    // no target: the step kind's usual intensity
    expect(segs[2].percent).toBe(60);
  });

  it("times distance steps at their pace and reads heart rate, power and effort", () => {
    const refs = planReferences(planView.thresholds, planView.vdot);
    const segs = workoutSegments({ steps: thresholdSteps, est_distance_m: 10200, est_duration_s: 3300 }, refs);
    expect(segs).toHaveLength(9);
    expect(segs[0].percent).toBeCloseTo((137.5 / 171) * 100, 5);
    expect(segs[1].length).toBeCloseTo(1600 / 3.8, 5);
    expect(segs[2].percent).toBe(67);
    expect(segs[7].percent).toBeCloseTo((230 / 230) * 100, 5);
    expect(segs[8].length).toBe(300);
  });

  it("falls back to Daniels' T pace, then to the fastest target", () => {
    expect(planReferences({ max_hr: 190, lthr: null, threshold_pace_s_per_km: null, ftp_w: null }, 50)).toMatchObject({ hr: 171 });
    expect(planReferences(null, 50).speed).toBeGreaterThan(3.7);
    const segs = workoutSegments({ steps: intervalSteps, est_distance_m: 9800, est_duration_s: 3000 }, { speed: null, hr: null, power: null });
    expect(Math.round(segs[1].percent)).toBe(100);
  });
});

describe("easyReplacement", () => {
  const base = planView.workouts.find((w) => w.id === 105)!.workout; // intervals, pace warm-up

  it("is one single easy step of the same duration, the warm-up's target, a lighter load", () => {
    const e = easyReplacement(base);
    expect(e.kind).toBe("easy");
    expect(e.date).toBe(base.date);
    expect(e.title).toBe("Easy run 50 min");
    expect(e.steps).toHaveLength(1);
    expect(e.steps[0]).toMatchObject({ type: "single", intensity: "active", duration: { type: "seconds", value: 3000 } });
    expect(e.steps[0].type === "single" && e.steps[0].target).toEqual({ type: "pace", low_mps: 2.9, high_mps: 3.2 });
    expect(e.est_duration_s).toBe(3000);
    expect(e.est_distance_m).toBe(base.est_distance_m);
    expect(e.est_load).toBe(45);
  });

  it("takes a heart-rate warm-up target, and none when there is no easy target", () => {
    expect(easyTarget(thresholdSteps)).toEqual({ type: "heart_rate", low_bpm: 130, high_bpm: 145 });
    const bare = { ...base, est_load: null, steps: [{ type: "single" as const, intensity: "active" as const, duration: { type: "seconds" as const, value: 600 }, target: { type: "pace" as const, low_mps: 4, high_mps: 4.2 }, label: "fast" }] };
    const e = easyReplacement(bare);
    expect(e.steps[0].type === "single" && e.steps[0].target).toEqual({ type: "none" });
    expect(e.est_load).toBeNull();
  });
});

describe("next session", () => {
  const ids = (today: string, change: (w: (typeof planView.workouts)[number]) => (typeof planView.workouts)[number] = (w) => w) =>
    nextSession(planView.workouts.map(change), today)?.id ?? null;

  it("is the first planned session on or after today", () => {
    expect(ids("2026-03-15")).toBe(106);
    expect(ids("2026-03-16")).toBe(107);
    expect(ids("2026-03-29")).toBe(110);
    expect(ids("2026-03-30")).toBeNull();
  });

  it("passes over done, skipped and missed sessions, whatever their order in the list", () => {
    expect(ids("2026-03-01")).toBe(106); // 101–105 are done, skipped or missed
    expect(ids("2026-03-15", (w) => (w.id === 106 ? { ...w, status: "partial" } : w))).toBe(107);
    const reversed = [...planView.workouts].reverse();
    expect(nextSession(reversed, "2026-03-16")?.id).toBe(107);
  });
});
