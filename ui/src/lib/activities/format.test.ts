import { describe, expect, it } from "vitest";
import {
  formatDistance,
  formatDuration,
  formatElevation,
  formatHours,
  formatListDate,
  formatSpeed,
  formatStart,
  localStart,
  paceSeconds,
  speedKind,
} from "./format";
import { formatField, shownTotals } from "./figures";
import { swimSummary } from "./swim";

describe("paces and speeds", () => {
  it("reads a running speed as a pace per km, or per mile", () => {
    expect(formatSpeed(1000 / 300, "running", "en")).toBe("5:00 /km");
    expect(formatSpeed(1000 / 255, "running", "en")).toBe("4:15 /km");
    expect(formatSpeed(1000 / 300, "running", "en", "imperial")).toBe("8:03 /mi");
  });

  it("reads a cycling speed in km/h or mph", () => {
    expect(formatSpeed(10, "cycling", "en")).toBe("36 km/h");
    expect(formatSpeed(7.5, "cycling", "fr")).toBe("27 km/h");
    expect(formatSpeed(8.0, "cycling", "fr")).toBe("28,8 km/h");
    expect(formatSpeed(10, "cycling", "en", "imperial")).toBe("22.4 mph");
  });

  it("reads swimming per 100 m and rowing per 500 m", () => {
    expect(formatSpeed(1, "swimming", "en")).toBe("1:40 /100 m");
    expect(formatSpeed(4, "rowing", "en")).toBe("2:05 /500 m");
    expect(speedKind("hiking")).toBe("pace");
    expect(speedKind("cross_country_skiing")).toBe("speed");
  });

  it("has no pace when standing still", () => {
    expect(paceSeconds(0, 1000)).toBeNull();
    expect(paceSeconds(2, 1000)).toBe(500);
    expect(formatSpeed(0, "running", "en")).toBe("—");
  });
});

describe("distances, durations and elevations", () => {
  it("formats distances with the locale", () => {
    expect(formatDistance(10500, "en")).toBe("10.50 km");
    expect(formatDistance(10500, "fr")).toBe("10,50 km");
    expect(formatDistance(152300, "en")).toBe("152.3 km");
    expect(formatDistance(1234567, "en")).toBe("1,235 km");
    expect(formatDistance(1609.344, "en", "imperial")).toBe("1.00 mi");
  });

  it("formats durations and long totals", () => {
    expect(formatDuration(59)).toBe("0:59");
    expect(formatDuration(3540)).toBe("59:00");
    expect(formatDuration(3690)).toBe("1:01:30");
    expect(formatHours(12640)).toBe("3 h 31");
    expect(formatHours(523 * 3600 + 7 * 60)).toBe("523 h 07");
  });

  it("formats elevation in m or ft", () => {
    expect(formatElevation(1242, "en")).toBe("1,242 m");
    expect(formatElevation(100, "en", "imperial")).toBe("328 ft");
  });
});

describe("start times", () => {
  it("shows the activity's own local time when the file gave its offset", () => {
    expect(formatStart("2026-03-01T07:00:00Z", 3600, "en", false)).toBe("Mar 1, 2026, 08:00 AM");
    expect(formatStart("2026-03-01T23:30:00Z", -5 * 3600, "en", false)).toBe("Mar 1, 2026, 06:30 PM");
    expect(localStart("2026-03-01T07:00:00Z", 7200).timeZone).toBe("UTC");
  });

  it("splits the list's date into day and time", () => {
    expect(formatListDate("2026-03-01T07:00:00Z", 3600, "en")).toEqual({ day: "Mar 1, 2026", time: "Sun 08:00 AM" });
    expect(formatListDate("2026-03-01T23:30:00Z", 3600, "fr")).toEqual({ day: "2 mars 2026", time: "lun. 00:30" });
  });

  it("falls back on the computer's zone without an offset", () => {
    const { date, timeZone } = localStart("2026-03-01T07:00:00Z", null);
    expect(timeZone).toBeUndefined();
    expect(date.toISOString()).toBe("2026-03-01T07:00:00.000Z");
  });
});

describe("activity figures", () => {
  const none = {
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

  it("shows the device's figure where it has one, else Tempo's", () => {
    const shown = shownTotals({ ...none, distance_m: 10500 }, { ...none, distance_m: 9800, avg_hr: 150 });
    expect(shown.distance_m).toBe(10500);
    expect(shown.avg_hr).toBe(150);
    expect(shownTotals(null, { ...none, avg_hr: 1 }).avg_hr).toBe(1);
  });

  it("formats each field with its unit", () => {
    expect(formatField("distance_m", 10500, "running", "en")).toBe("10.50 km");
    expect(formatField("avg_speed_mps", 1000 / 300, "running", "en")).toBe("5:00 /km");
    expect(formatField("avg_cadence", 174, "running", "en")).toBe("174 spm");
    expect(formatField("avg_cadence", 88, "cycling", "en")).toBe("88 rpm");
    expect(formatField("max_power_w", 420.4, "cycling", "en")).toBe("420 W");
    expect(formatField("timer_s", 3600, "cycling", "en")).toBe("1:00:00");
    expect(formatField("avg_hr", null, "cycling", "en")).toBe("—");
  });

  it("sums up pool lengths, leaving rests out", () => {
    const s = swimSummary(
      [
        { start_offset_s: 0, elapsed_s: 30, active: true, strokes: 16, stroke: "freestyle" },
        { start_offset_s: 30, elapsed_s: 20, active: false, strokes: null, stroke: null },
        { start_offset_s: 50, elapsed_s: 34, active: true, strokes: 20, stroke: "breaststroke" },
        { start_offset_s: 84, elapsed_s: 29, active: true, strokes: null, stroke: "freestyle" },
      ],
      25,
    );
    expect(s).toEqual({
      lengths: 3,
      rests: 1,
      distance_m: 75,
      swimTime_s: 93,
      avgLength_s: 31,
      avgStrokes: 18,
      strokes: [
        ["freestyle", 2],
        ["breaststroke", 1],
      ],
    });
  });
});
