import { describe, expect, it } from "vitest";
import { activityRide, activityRun, activitySwim, makeActivity } from "../../test/fixtures";
import { filtersFromParams, isFiltering, rangeInvalid, sortFromParams, toApiFilter, withParam } from "./filter";
import { nextSort, sortActivities } from "./sort";

const noDistance = makeActivity(9, { sport: "strength", start: "2026-03-05T10:00:00Z", totals: { elapsed_s: 1800 } });
const list = [activitySwim, noDistance, activityRun, activityRide];
const ids = (xs: { id: number }[]) => xs.map((a) => a.id);

describe("sortActivities", () => {
  it("sorts by distance either way, missing distances last", () => {
    expect(ids(sortActivities(list, { key: "distance", dir: "desc" }))).toEqual([2, 3, 1, 9]);
    expect(ids(sortActivities(list, { key: "distance", dir: "asc" }))).toEqual([1, 3, 2, 9]);
  });

  it("sorts by date, by name and by figures", () => {
    expect(ids(sortActivities(list, { key: "date", dir: "desc" }))).toEqual([9, 3, 2, 1]);
    expect(ids(sortActivities(list, { key: "date", dir: "asc" }))).toEqual([1, 2, 3, 9]);
    const label = (a: { name: string | null; sport: string }) => a.name ?? a.sport;
    expect(ids(sortActivities(list, { key: "name", dir: "asc" }, label))).toEqual([9, 2, 3, 1]);
    expect(ids(sortActivities(list, { key: "power", dir: "desc" }))[0]).toBe(2);
    expect(ids(sortActivities(list, { key: "duration", dir: "desc" }))).toEqual([2, 3, 1, 9]);
  });

  it("does not change its input", () => {
    const copy = [...list];
    sortActivities(list, { key: "distance", dir: "asc" });
    expect(list).toEqual(copy);
  });

  it("flips the clicked column and starts figures biggest first", () => {
    expect(nextSort({ key: "date", dir: "desc" }, "date")).toEqual({ key: "date", dir: "asc" });
    expect(nextSort({ key: "date", dir: "desc" }, "distance")).toEqual({ key: "distance", dir: "desc" });
    expect(nextSort({ key: "date", dir: "desc" }, "name")).toEqual({ key: "name", dir: "asc" });
  });
});

describe("list filters", () => {
  it("reads the URL, ignoring unknown sports and malformed dates", () => {
    const f = filtersFromParams(new URLSearchParams("sports=running,dancing,cycling&from=2026-01-01&to=yesterday&q=lake"));
    expect(f).toEqual({ sports: ["running", "cycling"], from: "2026-01-01", to: "", text: "lake" });
    expect(toApiFilter(f)).toEqual({ sports: ["running", "cycling"], from: "2026-01-01", to: null, text: "lake" });
    expect(isFiltering(f)).toBe(true);
  });

  it("sends null for every filter not in use", () => {
    const f = filtersFromParams(new URLSearchParams("q=%20%20"));
    expect(toApiFilter(f)).toEqual({ sports: null, from: null, to: null, text: null });
    expect(isFiltering(f)).toBe(false);
  });

  it("reads the sort and spots a backwards range", () => {
    expect(sortFromParams(new URLSearchParams("sort=distance&dir=asc"))).toEqual({ key: "distance", dir: "asc" });
    expect(sortFromParams(new URLSearchParams("sort=bogus"))).toEqual({ key: "date", dir: "desc" });
    expect(rangeInvalid({ from: "2026-02-01", to: "2026-01-01" })).toBe(true);
    expect(rangeInvalid({ from: "2026-01-01", to: "" })).toBe(false);
    expect(withParam(new URLSearchParams("a=1&b=2"), "a", "").toString()).toBe("b=2");
  });
});
