import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type uPlot from "uplot";
import { describe, expect, it, vi } from "vitest";
import { setupCommandMocks } from "../../test/mockBindings";
import { renderApp } from "../../test/render";
import { FakeUPlot, lastPlot } from "../../test/uplotMock";
import { MeanMaxChart } from "./MeanMaxChart";
import { settingsWith } from "../../test/fixtures";

vi.mock("../../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

const mocks = setupCommandMocks();

function cells(row: HTMLElement): string[] {
  return within(row)
    .getAllByRole("cell")
    .slice(1)
    .map((c) => c.textContent ?? "");
}

describe("mean-max chart", () => {
  it("compares the last 90 days of power with the same days a year earlier", async () => {
    renderApp(<MeanMaxChart />);
    await screen.findByTestId("mean-max-plot");
    expect(mocks.meanMaxCurves).toHaveBeenCalledWith("power", [
      { from: "2025-12-16", to: "2026-03-15" },
      { from: "2024-12-16", to: "2025-03-15" },
    ]);
    const u = await lastPlot();
    expect(u.opts.series.map((s) => s.label)).toEqual(["Duration", "Last 90 days", "Same 90 days, a year earlier"]);
    expect(u.opts.scales!.x).toMatchObject({ distr: 3, log: 10 });
    expect(u.data[0]).toEqual([5, 60, 300, 1200, 3600]);
    expect(u.data[1]).toEqual([820, 452, 318, 271.4, 236]);
    expect(u.data[2]).toEqual([790, 430, 301, 262, null]);
    expect(u.legendAt(1, 3)).toBe("271 W · Dec 16, 2025");
    expect(u.legendAt(2, 4)).toBe("—");
  });

  it("marks the log axis with readable durations", async () => {
    renderApp(<MeanMaxChart />);
    await screen.findByTestId("mean-max-plot");
    const plot = await lastPlot();
    const axis = plot.opts.axes![0];
    const u = plot as unknown as uPlot;
    const splits = (axis.splits as (u: uPlot, i: number, min: number, max: number) => number[])(u, 0, 5, 3600);
    expect(splits).toEqual([5, 15, 60, 300, 1200, 3600]);
    const filter = axis.filter as (u: uPlot, splits: number[]) => (number | null)[];
    expect(filter(u, splits)).toEqual(splits);
    const values = axis.values as (u: uPlot, splits: (number | null)[]) => string[];
    expect(values(u, splits)).toEqual(["5s", "15s", "1min", "5min", "20min", "1h"]);
    expect(values(u, [null])).toEqual([""]);
  });

  it("lists the bests at key durations with the activity and its date", async () => {
    renderApp(<MeanMaxChart />);
    const rows = await screen.findAllByTestId("mean-max-row");
    expect(rows).toHaveLength(2);
    expect(cells(rows[0]).map((c) => c.replace(/[A-Z][a-z]{2} \d+, \d{2}$/, ""))).toEqual(["820 W", "452 W", "318 W", "271 W", "236 W"]);
    expect(rows[0]).toHaveTextContent("Dec 16, 2025 – Mar 15, 2026");
    expect(cells(rows[1])[4]).toBe("—");
    const best = within(rows[0]).getAllByTestId("mean-max-best")[0];
    expect(best).toHaveAttribute("href", "/activities/10");
    expect(best.parentElement).toHaveTextContent("Dec 16, 25");
  });

  it("plots pace upside down, faster higher, in min/km", async () => {
    renderApp(<MeanMaxChart />);
    await screen.findByTestId("mean-max-plot");
    await userEvent.setup().click(within(screen.getByTestId("mean-max-kind")).getByText("Pace"));
    await waitFor(() => expect(FakeUPlot.instances.at(-1)!.opts.scales!.y).toMatchObject({ dir: -1 }));
    expect(mocks.meanMaxCurves).toHaveBeenLastCalledWith("pace", expect.any(Array));
    const u = FakeUPlot.instances.at(-1)!;
    expect(u.opts.scales!.y).toMatchObject({ dir: -1 });
    expect(u.data[0]).toEqual([60, 300, 1200, 3600]);
    expect((u.data[1] as number[]).map((v) => Math.round(v))).toEqual([192, 222, 250, 270]);
    expect(u.legendAt(1, 2)).toBe("4:10 /km · Dec 16, 2025");
    const rows = screen.getAllByTestId("mean-max-row");
    expect(within(rows[0]).getAllByTestId("mean-max-best").map((a) => a.textContent)).toEqual(["3:12 /km", "3:42 /km", "4:10 /km", "4:30 /km"]);
  });

  it("gives paces per mile in imperial units", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "en", units: "imperial" }) });
    renderApp(<MeanMaxChart />);
    await screen.findByTestId("mean-max-plot");
    await userEvent.setup().click(within(screen.getByTestId("mean-max-kind")).getByText("Pace"));
    await waitFor(() => expect(screen.getAllByTestId("mean-max-best")[2]).toHaveTextContent("6:42 /mi"));
  });

  it("compares whole years", async () => {
    renderApp(<MeanMaxChart />);
    await screen.findByTestId("mean-max-plot");
    const user = userEvent.setup();
    await user.click(within(screen.getByTestId("mean-max-compare")).getByText("This year vs last"));
    await waitFor(() =>
      expect(mocks.meanMaxCurves).toHaveBeenLastCalledWith("power", [
        { from: "2026-01-01", to: "2026-03-15" },
        { from: "2025-01-01", to: "2025-12-31" },
      ]),
    );
    await waitFor(() => expect(FakeUPlot.instances.at(-1)?.opts.series.map((s) => s.label)).toEqual(["Duration", "2026 so far", "2025"]));
    await user.click(within(screen.getByTestId("mean-max-compare")).getByText("3 years"));
    await waitFor(() => expect(screen.getAllByTestId("mean-max-row")).toHaveLength(3));
    expect(mocks.meanMaxCurves.mock.lastCall![1]).toHaveLength(3);
  });

  it("says what to import when no range has data", async () => {
    mocks.meanMaxCurves.mockImplementation(async (_kind, ranges) => ({
      status: "ok",
      data: ranges.map((r) => ({ from: r.from, to: r.to, points: [] })),
    }));
    renderApp(<MeanMaxChart />);
    expect(await screen.findByTestId("mean-max-empty")).toHaveTextContent("No power data in these periods");
    expect(FakeUPlot.instances).toHaveLength(0);
  });

  it("tells the error by its code", async () => {
    mocks.meanMaxCurves.mockResolvedValue({ status: "error", error: { code: "internal", message: "curve overflow", field: null } });
    renderApp(<MeanMaxChart />);
    const error = await screen.findByTestId("mean-max-error");
    expect(error).toHaveAttribute("data-code", "internal");
    expect(error).toHaveTextContent("report it with the log file");
    expect(error).toHaveTextContent("curve overflow");
  });

  it("renders in French", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "fr", units: "metric" }) });
    renderApp(<MeanMaxChart />);
    const card = screen.getByTestId("mean-max");
    await waitFor(() => expect(card).toHaveTextContent("Courbe des records"));
    await waitFor(() =>
      expect(FakeUPlot.instances.at(-1)?.opts.series.map((s) => s.label)).toEqual(["Durée", "90 derniers jours", "Mêmes 90 jours, un an plus tôt"]),
    );
    expect(within(screen.getByTestId("mean-max-kind")).getByText("Allure")).toBeInTheDocument();
  });
});
