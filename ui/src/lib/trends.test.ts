import { describe, expect, it } from "vitest";
import i18n from "../i18n";
import {
  durationTick,
  finite,
  formatPacePerKm,
  formatSpeedAsPace,
  paceNumber,
  paceOfSpeed,
  seasonRanges,
  zoneName,
  zoneRangeFrom,
} from "./trends";

const today = new Date(2026, 2, 15, 10, 0, 0);

describe("season ranges", () => {
  it("compares the last 90 days with the same 90 days a year earlier", () => {
    expect(seasonRanges("90d", today)).toEqual([
      { from: "2025-12-16", to: "2026-03-15", key: "last90" },
      { from: "2024-12-16", to: "2025-03-15", key: "last90YearBefore" },
    ]);
  });

  it("compares this year so far with whole previous years", () => {
    expect(seasonRanges("year", today)).toEqual([
      { from: "2026-01-01", to: "2026-03-15", key: "thisYear" },
      { from: "2025-01-01", to: "2025-12-31", key: "lastYear" },
    ]);
    expect(seasonRanges("3y", today).map((s) => [s.from, s.to])).toEqual([
      ["2026-01-01", "2026-03-15"],
      ["2025-01-01", "2025-12-31"],
      ["2024-01-01", "2024-12-31"],
    ]);
  });

  it("starts the zone ranges 28 days, 90 days or the year back", () => {
    expect(zoneRangeFrom("28d", today)).toBe("2026-02-16");
    expect(zoneRangeFrom("90d", today)).toBe("2025-12-16");
    expect(zoneRangeFrom("year", today)).toBe("2026-01-01");
  });
});

describe("durations and paces", () => {
  it("writes durations for a log axis", () => {
    expect([5, 30, 60, 90, 300, 1200, 3600, 5400, 7200].map(durationTick)).toEqual([
      "5s",
      "30s",
      "1min",
      "1min30",
      "5min",
      "20min",
      "1h",
      "1h30",
      "2h",
    ]);
  });

  it("turns speeds into paces in the athlete's units", () => {
    const t = i18n.getFixedT("en");
    expect(paceOfSpeed(4, "metric")).toBe(250);
    expect(paceOfSpeed(4, "imperial")).toBeCloseTo(402.34, 2);
    expect(paceOfSpeed(0, "metric")).toBeNull();
    expect(formatSpeedAsPace(4, t, "metric")).toBe("4:10 /km");
    expect(formatSpeedAsPace(4, t, "imperial")).toBe("6:42 /mi");
    expect(formatSpeedAsPace(0, t, "metric")).toBe("—");
    expect(formatPacePerKm(262, t, "metric")).toBe("4:22 /km");
    expect(formatPacePerKm(262, t, "imperial")).toBe("7:02 /mi");
    expect(paceNumber(318, "metric")).toBe("5:18");
  });

  it("tells numbers from the nulls specta sends for NaN", () => {
    expect(finite(0)).toBe(true);
    expect(finite(null)).toBe(false);
    expect(finite(undefined)).toBe(false);
    expect(finite(Number.NaN)).toBe(false);
  });
});

describe("zone names", () => {
  it("translates the bottom band, Coggan's levels and Daniels' letters", () => {
    const en = i18n.getFixedT("en");
    const fr = i18n.getFixedT("fr");
    expect(zoneName("below E", en)).toBe("below E");
    expect(zoneName("below Z1", fr)).toBe("sous Z1");
    expect(zoneName("Z4 Threshold", en)).toBe("Z4 Threshold");
    expect(zoneName("Z1 Active recovery", fr)).toBe("Z1 Récupération active");
    expect(zoneName("Z5 VO2max", fr)).toBe("Z5 VO2max");
    expect(zoneName("T", en)).toBe("T · Threshold");
    expect(zoneName("E", fr)).toBe("E · Facile");
    expect(zoneName("Z5a", en)).toBe("Z5a");
    expect(zoneName("Z9 Unknown level", en)).toBe("Z9 Unknown level");
  });
});
