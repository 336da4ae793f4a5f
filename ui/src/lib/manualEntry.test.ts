import { describe, expect, it } from "vitest";
import { defaultEntryForm, entryFieldOf, entrySchema, formToManualInput, utcOffsetAt, type EntryFormValues } from "./manualEntry";

const NOW = new Date(2026, 2, 15, 10, 0, 0);
const schema = entrySchema(() => NOW);

function form(over: Partial<EntryFormValues> = {}): EntryFormValues {
  return { ...defaultEntryForm(NOW), date: "2026-03-14", time: "18:30", duration: "45:00", ...over };
}

function issues(v: EntryFormValues): Record<string, string> {
  const res = schema.safeParse(v);
  if (res.success) return {};
  return Object.fromEntries(res.error.issues.map((i) => [String(i.path[0]), i.message]));
}

describe("manual entry form", () => {
  it("starts today, now, as a run", () => {
    expect(defaultEntryForm(NOW)).toMatchObject({ sport: "running", date: "2026-03-15", time: "10:00", duration: "", rpe: null });
  });

  it("accepts a minimal entry", () => {
    expect(issues(form())).toEqual({});
  });

  it.each([
    [{ duration: "" }, "duration", "validation.required"],
    [{ duration: "forty" }, "duration", "entry.validation.durationFormat"],
    [{ duration: "0:00" }, "duration", "entry.validation.durationRange"],
    [{ duration: "24:00:00" }, "duration", "entry.validation.durationRange"],
    [{ date: "2026-03-16" }, "date", "entry.validation.futureDate"],
    [{ date: "2026-02-30" }, "date", "validation.date"],
    [{ date: "2026-03-15", time: "10:05" }, "time", "entry.validation.futureTime"],
    [{ time: "25:00" }, "time", "entry.validation.time"],
    [{ distance: "-1" }, "distance", "entry.validation.distanceNegative"],
    [{ distance: "ten" }, "distance", "validation.number"],
    [{ avg_hr: "20" }, "avg_hr", "validation.range"],
    [{ max_hr: "251" }, "max_hr", "validation.range"],
    [{ avg_hr: "150.5" }, "avg_hr", "validation.integer"],
    [{ avg_hr: "160", max_hr: "150" }, "max_hr", "entry.validation.maxBelowAvg"],
    [{ name: "x".repeat(101) }, "name", "validation.name_length"],
  ] as const)("refuses %o", (over, field, message) => {
    expect(issues(form(over))[field]).toBe(message);
  });

  it("accepts the bounds: 23:59:59, HR 25 and 250, distance 0, now", () => {
    expect(issues(form({ duration: "23:59:59", avg_hr: "25", max_hr: "250", distance: "0", date: "2026-03-15", time: "10:00" }))).toEqual({});
  });

  it("builds the command input in metric", () => {
    const input = formToManualInput(
      form({ sport: "strength", distance: "10,5", avg_hr: "142", max_hr: "171", name: "  Gym  ", description: "", rpe: 6, notes: " Legs heavy " }),
      "metric",
    );
    expect(input).toEqual({
      sport: "strength",
      start_local: "2026-03-14T18:30",
      utc_offset_s: utcOffsetAt("2026-03-14", "18:30"),
      duration_s: 2700,
      distance_m: 10500,
      avg_hr: 142,
      max_hr: 171,
      name: "Gym",
      description: null,
      rpe: 6,
      notes: "Legs heavy",
    });
  });

  it("reads the distance in miles with imperial units, and leaves blanks null", () => {
    const input = formToManualInput(form({ distance: "2", duration: "1:02:03" }), "imperial");
    expect(input.distance_m).toBe(3218.7);
    expect(input.duration_s).toBe(3723);
    expect(input).toMatchObject({ avg_hr: null, max_hr: null, name: null, rpe: null, notes: null });
  });

  it("takes the browser's UTC offset at that date", () => {
    expect(utcOffsetAt("2026-07-01", "12:00")).toBe(-new Date(2026, 6, 1, 12, 0).getTimezoneOffset() * 60 || 0);
  });

  it("places backend refusals on the form's fields", () => {
    expect(entryFieldOf("duration_s")).toBe("duration");
    expect(entryFieldOf("start_local")).toBe("date");
    expect(entryFieldOf("distance_m")).toBe("distance");
    expect(entryFieldOf("max_hr")).toBe("max_hr");
    expect(entryFieldOf("whatever")).toBeNull();
    expect(entryFieldOf(null)).toBeNull();
  });
});
