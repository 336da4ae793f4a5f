import { describe, expect, it } from "vitest";
import { formatClock, parseClock, roundVdot, speedAtFraction, vdotFromRace, vo2AtSpeed } from "./vdot";

describe("vdotFromRace (Daniels–Gilbert)", () => {
  it("gives Daniels' table values", () => {
    expect(roundVdot(vdotFromRace(10000, 40 * 60)!)).toBe(51.9);
    expect(roundVdot(vdotFromRace(5000, 20 * 60)!)).toBe(49.8);
    // Marathon in 3:00:00 is about VDOT 53.5 in Daniels' tables
    expect(roundVdot(vdotFromRace(42195, 3 * 3600)!)).toBeCloseTo(53.5, 0);
  });

  it("refuses a distance or time that is not positive", () => {
    expect(vdotFromRace(0, 1200)).toBeNull();
    expect(vdotFromRace(5000, 0)).toBeNull();
    expect(vdotFromRace(Number.NaN, 1200)).toBeNull();
  });

  it("finds the speed back from a fraction of VDOT", () => {
    const v = speedAtFraction(50, 1)!;
    expect(vo2AtSpeed(v * 60)).toBeCloseTo(50, 6);
    // Daniels' T pace for VDOT 50 is about 4:15 /km
    expect(1000 / speedAtFraction(50, 0.88)!).toBeGreaterThan(245);
    expect(1000 / speedAtFraction(50, 0.88)!).toBeLessThan(265);
  });
});

describe("clock times", () => {
  it("reads h:mm:ss and m:ss", () => {
    expect(parseClock("1:45:00")).toBe(6300);
    expect(parseClock(" 40:00 ")).toBe(2400);
    expect(parseClock("75:30")).toBe(4530);
    expect(parseClock("1:60:00")).toBeNull();
    expect(parseClock("abc")).toBeNull();
    expect(parseClock("")).toBeNull();
  });
  it("writes them back", () => {
    expect(formatClock(6300)).toBe("1:45:00");
    expect(formatClock(2400)).toBe("40:00");
  });
});
