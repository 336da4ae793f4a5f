import { describe, expect, it } from "vitest";
import { fullProfile } from "../test/fixtures";
import { formatBytes } from "./format";
import { formatPace, parsePace } from "./pace";
import { formToProfileInput, isProfileEmpty, profileSchema, profileToForm, type ProfileFormValues } from "./profileForm";

const blank: ProfileFormValues = profileToForm(null, "2026-04-01");

describe("pace", () => {
  it("parses m:ss into seconds and back", () => {
    expect(parsePace("4:15")).toBe(255);
    expect(parsePace(" 12:05 ")).toBe(725);
    expect(formatPace(255)).toBe("4:15");
    expect(formatPace(150)).toBe("2:30");
  });
  it("rejects malformed paces", () => {
    for (const bad of ["4:60", "415", "4.15", "4:5", "a:bc", ""]) expect(parsePace(bad)).toBeNull();
  });
});

describe("profileSchema", () => {
  const issues = (v: Partial<ProfileFormValues>, current = null as typeof fullProfile | null) => {
    const r = profileSchema(current).safeParse({ ...blank, ...v });
    return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [String(i.path[0]), i.message]));
  };

  it("accepts an empty form and range edges", () => {
    expect(issues({})).toEqual({});
    expect(issues({ max_hr: "240", resting_hr: "25", lthr: "230", weight_kg: "25", vma_kmh: "27" })).toEqual({});
    expect(issues({ threshold_pace_s_per_km: "2:30" })).toEqual({});
    expect(issues({ threshold_pace_s_per_km: "15:00" })).toEqual({});
  });

  it("refuses out-of-range values with the right keys", () => {
    expect(issues({ max_hr: "1900" })).toEqual({ max_hr: "validation.range" });
    expect(issues({ weight_kg: "24.9", ftp_w: "601", height_cm: "99" })).toEqual({
      weight_kg: "validation.range",
      ftp_w: "validation.range",
      height_cm: "validation.range",
    });
    expect(issues({ threshold_pace_s_per_km: "2:29" })).toEqual({ threshold_pace_s_per_km: "validation.pace_range" });
    expect(issues({ threshold_pace_s_per_km: "fast" })).toEqual({ threshold_pace_s_per_km: "validation.pace_format" });
    expect(issues({ vma_kmh: "abc" })).toEqual({ vma_kmh: "validation.number" });
    expect(issues({ birth_year: "1899" })).toEqual({ birth_year: "validation.range" });
    expect(issues({ birth_year: String(new Date().getFullYear() - 4) })).toEqual({ birth_year: "validation.range" });
    expect(issues({ name: "x".repeat(101) })).toEqual({ name: "validation.name_length" });
  });

  it("requires resting HR and LTHR below max HR, falling back to the saved max HR", () => {
    expect(issues({ max_hr: "115", resting_hr: "115", lthr: "116" })).toEqual({
      resting_hr: "validation.resting_below_max",
      lthr: "validation.lthr_below_max",
    });
    expect(issues({ max_hr: "", lthr: "190" }, fullProfile)).toEqual({ lthr: "validation.lthr_below_max" });
    expect(issues({ max_hr: "", lthr: "170" }, fullProfile)).toEqual({});
  });
});

describe("formToProfileInput", () => {
  it("converts text to numbers and the pace to seconds", () => {
    const input = formToProfileInput(
      { ...blank, name: " Ana ", sex: "female", birth_year: "1990", weight_kg: "72,5", threshold_pace_s_per_km: "4:15" },
      null,
    );
    expect(input).toMatchObject({
      name: "Ana",
      sex: "female",
      birth_year: 1990,
      weight_kg: 72.5,
      threshold_pace_s_per_km: 255,
      max_hr: null,
      effective: "2026-04-01",
    });
  });

  it("sends null for values equal to the saved profile", () => {
    const form = profileToForm(fullProfile, "2026-04-01");
    const input = formToProfileInput({ ...form, max_hr: "190" }, fullProfile);
    expect(input.max_hr).toBe(190);
    expect(input.lthr).toBeNull();
    expect(input.threshold_pace_s_per_km).toBeNull();
    expect(input.name).toBeNull();
  });

  it("detects an empty profile", () => {
    expect(isProfileEmpty(null)).toBe(true);
    expect(isProfileEmpty(fullProfile)).toBe(false);
  });
});

describe("formatBytes", () => {
  it("uses binary units", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1572864)).toBe("1.5 MiB");
  });
});
