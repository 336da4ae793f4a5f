import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { FakeUPlot } from "../../test/uplotMock";
import { setupCommandMocks } from "../../test/mockBindings";
import { renderApp } from "../../test/render";
import { Dashboard } from "../Dashboard";
import { FitnessChart, rangeFrom } from "./FitnessChart";
import { settingsWith } from "../../test/fixtures";

vi.mock("../../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

const mocks = setupCommandMocks();

describe("fitness chart", () => {
  it("shows the latest day's CTL, ATL and TSB and plots the series", async () => {
    renderApp(<FitnessChart />);
    expect(await screen.findByTestId("fitness-ctl")).toHaveTextContent("51");
    expect(screen.getByTestId("fitness-atl")).toHaveTextContent("62");
    expect(screen.getByTestId("fitness-tsb")).toHaveTextContent("-5");
    expect(screen.getByTestId("fitness-plot")).toHaveAttribute("data-points", "3");
    const u = FakeUPlot.instances.at(-1)!;
    expect(u.opts.series.map((s) => s.label)).toEqual(["Date", "Daily load", "Fitness (CTL)", "Fatigue (ATL)", "Form (TSB)"]);
    expect(u.data[1]).toEqual([80, 0, 120.5]);
    expect(u.data[2]).toEqual([50.2, 49.0, 50.7]);
    expect(u.data[4]).toEqual([-9.4, -11.5, -5.0]);
    expect((u.data[0] as number[])[2] - (u.data[0] as number[])[1]).toBe(86400);
  });

  it("shows a positive form with a plus sign", async () => {
    mocks.loadSeries.mockResolvedValue({
      status: "ok",
      data: [{ date: "2026-03-15", load: 0, ctl: 40, atl: 30, tsb: 12.4, ramp_7d: null }],
    });
    renderApp(<FitnessChart />);
    expect(await screen.findByTestId("fitness-tsb")).toHaveTextContent("+12");
  });

  it("loads three months by default and reloads with the range's start date", async () => {
    renderApp(<FitnessChart />);
    await screen.findByTestId("fitness-ctl");
    expect(mocks.loadSeries).toHaveBeenLastCalledWith("2025-12-15", null);
    const user = userEvent.setup();
    const range = screen.getByTestId("fitness-range");
    for (const [label, from] of [
      ["6 weeks", "2026-02-01"],
      ["1 year", "2025-03-15"],
      ["All", null],
    ] as const) {
      await user.click(within(range).getByText(label));
      await waitFor(() => expect(mocks.loadSeries).toHaveBeenLastCalledWith(from, null));
    }
    expect(mocks.loadSeries).toHaveBeenCalledTimes(4);
  });

  it("computes range starts from today", () => {
    const today = new Date(2026, 0, 10);
    expect(rangeFrom("6w", today)).toBe("2025-11-29");
    expect(rangeFrom("3m", today)).toBe("2025-10-10");
    expect(rangeFrom("1y", today)).toBe("2025-01-10");
    expect(rangeFrom("all", today)).toBeNull();
  });

  it("explains the empty state with links to activities and the profile", async () => {
    mocks.loadSeries.mockResolvedValue({ status: "ok", data: [] });
    renderApp(<FitnessChart />);
    const empty = await screen.findByTestId("fitness-empty");
    expect(empty).toHaveTextContent("once activities are imported");
    expect(empty).toHaveTextContent("FTP or heart rate");
    expect(screen.getByTestId("fitness-empty-activities")).toHaveAttribute("href", "/activities");
    expect(screen.getByTestId("fitness-empty-profile")).toHaveAttribute("href", "/settings/profile");
    expect(screen.queryByTestId("fitness-ctl")).not.toBeInTheDocument();
    expect(FakeUPlot.instances).toHaveLength(0);
  });

  it("shows the backend's error", async () => {
    mocks.loadSeries.mockResolvedValue({ status: "error", error: { code: "internal", message: "disk on fire", field: null } });
    renderApp(<FitnessChart />);
    expect(await screen.findByTestId("fitness-error")).toHaveTextContent("disk on fire");
  });

  it("explains fitness with the athlete's time constant", async () => {
    renderApp(<FitnessChart />);
    await screen.findByTestId("fitness-ctl");
    await userEvent.setup().hover(screen.getByText("Fitness (CTL)"));
    // the fixtures' load model: 28 / 5 days
    expect(await screen.findByRole("tooltip", {}, { timeout: 5000 })).toHaveTextContent("Your long-term training load: 28-day weighted average of daily load.");
    expect(mocks.getLoadModel).toHaveBeenCalledTimes(1);
  });

  it("falls back on the default time constants when the load model is unknown", async () => {
    mocks.getLoadModel.mockResolvedValue({ status: "error", error: { code: "storage", message: "database is locked", field: null } });
    renderApp(<FitnessChart />);
    await screen.findByTestId("fitness-atl");
    await userEvent.setup().hover(screen.getByText("Fatigue (ATL)"));
    expect(await screen.findByRole("tooltip", {}, { timeout: 5000 })).toHaveTextContent("7-day weighted average of daily load");
  });

  it("uses French labels and time constants", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "fr", units: "metric" }) });
    renderApp(<FitnessChart />);
    await screen.findByTestId("fitness-ctl");
    const card = screen.getByTestId("fitness-chart");
    await waitFor(() => expect(card).toHaveTextContent("Forme de fond (CTL)"));
    expect(card).toHaveTextContent("Fraîcheur (TSB)");
    expect(within(screen.getByTestId("fitness-range")).getByText("6 semaines")).toBeInTheDocument();
    const u = FakeUPlot.instances.at(-1)!;
    expect(u.opts.series.map((s) => s.label)).toEqual(["Date", "Charge du jour", "Forme de fond (CTL)", "Fatigue (ATL)", "Fraîcheur (TSB)"]);
    await userEvent.setup().hover(within(card).getByText("Forme de fond (CTL)"));
    expect(await screen.findByRole("tooltip", {}, { timeout: 5000 })).toHaveTextContent("moyenne pondérée sur 28 jours de la charge quotidienne");
  });

  it("sits on the dashboard", async () => {
    renderApp(<Dashboard />);
    expect(await screen.findByTestId("dashboard-greeting")).toBeInTheDocument();
    expect(await screen.findByTestId("fitness-ctl")).toHaveTextContent("51");
  });
});
