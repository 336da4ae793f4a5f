import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { volumeWeeks, settingsWith } from "../../test/fixtures";
import { setupCommandMocks } from "../../test/mockBindings";
import { renderApp } from "../../test/render";
import { FakeUPlot, lastPlot } from "../../test/uplotMock";
import { VolumeChart, stackBySport } from "./VolumeChart";

vi.mock("../../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

const mocks = setupCommandMocks();

describe("volume chart", () => {
  it("stacks the weeks' hours by sport, the sport with most time at the bottom", async () => {
    renderApp(<VolumeChart />);
    const plot = await screen.findByTestId("volume-plot");
    expect(plot).toHaveAttribute("data-periods", "3");
    expect(mocks.trainingVolume).toHaveBeenLastCalledWith(null, null, "week");
    const u = await lastPlot();
    // drawn from the top of the stack down: swimming over cycling over running
    expect(u.opts.series.map((s) => s.label)).toEqual(["Weeks", "Swimming", "Cycling", "Running"]);
    expect(u.data[0]).toEqual([0, 1, 2]);
    expect((u.data[1] as number[]).map((v) => Number(v.toFixed(3)))).toEqual([3.667, 0, 5]);
    expect(u.data[2]).toEqual([3, 0, 5]);
    expect(u.data[3]).toEqual([3, 0, 2]);
    // the legend shows each sport's own time, not its stacked top
    expect(u.legendAt(2, 2)).toBe("3 h 00");
    expect(u.legendAt(1, 0)).toBe("0 h 40");
    expect(u.legendAt(0, 0)).toBe("Feb 23");
  });

  it("switches to distance, in miles for imperial units", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "en", units: "imperial" }) });
    renderApp(<VolumeChart />);
    await screen.findByTestId("volume-plot");
    await userEvent.setup().click(within(screen.getByTestId("volume-metric")).getByText("Distance"));
    // 32 km of running is 19.9 mi
    await waitFor(() => expect(FakeUPlot.instances.at(-1)!.legendAt(2, 0)).toBe("19.9 mi"));
    expect(FakeUPlot.instances.at(-1)!.opts.series.map((s) => s.label)).toEqual(["Weeks", "Swimming", "Running", "Cycling"]);
  });

  it("plots the load and reloads by month", async () => {
    renderApp(<VolumeChart />);
    await screen.findByTestId("volume-plot");
    const user = userEvent.setup();
    await user.click(within(screen.getByTestId("volume-metric")).getByText("Load"));
    await waitFor(() => expect(FakeUPlot.instances.at(-1)!.legendAt(3, 2)).toBe("140"));
    await user.click(within(screen.getByTestId("volume-period")).getByText("Months"));
    await waitFor(() => expect(mocks.trainingVolume).toHaveBeenLastCalledWith(null, null, "month"));
  });

  it("keeps each sport's own value beside its stacked top", () => {
    const s = stackBySport(volumeWeeks, "load", "metric");
    expect(s.sports).toEqual(["running", "cycling", "swimming"]);
    expect(s.own).toEqual([
      [180, 0, 140],
      [0, 0, 210],
      [30, 0, 0],
    ]);
    expect(s.tops[2]).toEqual([210, 0, 350]);
  });

  it("says to import activities when the weeks are empty", async () => {
    mocks.trainingVolume.mockResolvedValue({
      status: "ok",
      data: volumeWeeks.map((w) => ({ ...w, activities: 0, moving_s: 0, distance_m: 0, load: 0, by_sport: [] })),
    });
    renderApp(<VolumeChart />);
    const empty = await screen.findByTestId("volume-empty");
    expect(empty).toHaveTextContent("No activities in the last 12 weeks");
    expect(screen.getByTestId("volume-empty-activities")).toHaveAttribute("href", "/activities");
    expect(FakeUPlot.instances).toHaveLength(0);
  });

  it("tells the error by its code", async () => {
    mocks.trainingVolume.mockResolvedValue({ status: "error", error: { code: "invalid_input", message: "the start date is after the end date", field: "from" } });
    renderApp(<VolumeChart />);
    const error = await screen.findByTestId("volume-error");
    expect(error).toHaveAttribute("data-code", "invalid_input");
    expect(error).toHaveTextContent("Tempo refused the request.");
    expect(error).toHaveTextContent("the start date is after the end date");
  });

  it("renders in French", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "fr", units: "metric" }) });
    renderApp(<VolumeChart />);
    const card = screen.getByTestId("volume-chart");
    await waitFor(() => expect(card).toHaveTextContent("Volume d'entraînement"));
    await screen.findByTestId("volume-plot");
    await waitFor(() => expect(FakeUPlot.instances.at(-1)?.opts.series.map((s) => s.label)).toEqual(["Semaines", "Natation", "Vélo", "Course à pied"]));
    expect(within(screen.getByTestId("volume-metric")).getByText("Durée")).toBeInTheDocument();
  });
});
