import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { trainingStatus, settingsWith } from "../../test/fixtures";
import { setupCommandMocks } from "../../test/mockBindings";
import { renderApp } from "../../test/render";
import { Dashboard } from "../Dashboard";
import { TrainingStatusCard, acwrZone } from "./TrainingStatusCard";

vi.mock("../../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

const mocks = setupCommandMocks();

describe("training status card", () => {
  it("shows fitness, fatigue, form, ramp, ACWR, monotony and the last 7 days", async () => {
    renderApp(<TrainingStatusCard />);
    expect(await screen.findByTestId("status-ctl-value")).toHaveTextContent("51");
    expect(screen.getByTestId("status-atl-value")).toHaveTextContent("62");
    expect(screen.getByTestId("status-tsb-value")).toHaveTextContent("-5");
    expect(screen.getByTestId("status-ramp-value")).toHaveTextContent("+2.9 /wk");
    expect(screen.getByTestId("status-acwr-value")).toHaveTextContent("1.18");
    expect(screen.getByTestId("status-acwr-zone")).toHaveAttribute("data-zone", "sweet");
    expect(screen.getByTestId("status-acwr-zone")).toHaveTextContent("in the 0.8–1.3 sweet spot");
    expect(screen.getByTestId("status-monotony-value")).toHaveTextContent("1.42");
    expect(screen.getByTestId("status-monotony")).toHaveTextContent("strain 689");
    expect(screen.getByTestId("status-week-count")).toHaveTextContent("5");
    expect(screen.getByTestId("status-week-time")).toHaveTextContent("5 h 57");
    expect(screen.getByTestId("status-week-distance")).toHaveTextContent("68.40 km");
    expect(screen.getByTestId("status-week-load")).toHaveTextContent("413");
    expect(screen.getByTestId("training-status")).toHaveTextContent("Training status on 2026-03-15");
    expect(screen.queryByTestId("status-no-load")).not.toBeInTheDocument();
    expect(mocks.trainingStatus).toHaveBeenCalledTimes(1);
  });

  it("warns when the acute:chronic ratio is above 1.5", async () => {
    mocks.trainingStatus.mockResolvedValue({ status: "ok", data: { ...trainingStatus, acwr: 1.62 } });
    renderApp(<TrainingStatusCard />);
    const zone = await screen.findByTestId("status-acwr-zone");
    expect(zone).toHaveAttribute("data-zone", "high");
    expect(zone).toHaveTextContent("above 1.5: injury risk rises");
  });

  it("files ratios by the sweet spot", () => {
    expect([0.6, 0.8, 1.3, 1.31, 1.5, 1.51].map(acwrZone)).toEqual(["low", "sweet", "sweet", "caution", "caution", "high"]);
  });

  it("explains the ratio on hover", async () => {
    renderApp(<TrainingStatusCard />);
    const card = await screen.findByTestId("status-acwr");
    await userEvent.setup().hover(within(card).getByText("Acute:chronic ratio"));
    expect(await screen.findByRole("tooltip", {}, { timeout: 5000 })).toHaveTextContent("0.8–1.3 is the usual sweet spot; above 1.5 the injury risk rises");
  });

  it("explains fatigue with the athlete's time constant", async () => {
    renderApp(<TrainingStatusCard />);
    const card = await screen.findByTestId("status-atl");
    await userEvent.setup().hover(within(card).getByText("Fatigue (ATL)"));
    // the fixtures' load model: 28 / 5 days
    const tooltip = await screen.findByRole("tooltip", {}, { timeout: 5000 });
    expect(tooltip).toHaveTextContent("Your short-term training load: 5-day weighted average of daily load.");
    expect(tooltip).toHaveTextContent("Settings → Training load (7 by default)");
    expect(mocks.getLoadModel).toHaveBeenCalledTimes(1);
  });

  it("explains fitness in French, in the singular for one day", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "fr", units: "metric" }) });
    mocks.getLoadModel.mockResolvedValue({ status: "ok", data: { ctl_days: 1, atl_days: 1, form: "linear" } });
    renderApp(<TrainingStatusCard />);
    const card = await screen.findByTestId("status-ctl");
    await waitFor(() => expect(card).toHaveTextContent("Forme de fond (CTL)"));
    await userEvent.setup().hover(within(card).getByText("Forme de fond (CTL)"));
    expect(await screen.findByRole("tooltip", {}, { timeout: 5000 })).toHaveTextContent("moyenne pondérée sur 1 jour de la charge quotidienne");
  });

  it("shows dashes for what the backend could not compute", async () => {
    mocks.trainingStatus.mockResolvedValue({
      status: "ok",
      data: { ...trainingStatus, ramp_7d: null, acwr: null, monotony: null, strain: null },
    });
    renderApp(<TrainingStatusCard />);
    expect(await screen.findByTestId("status-ramp-value")).toHaveTextContent("—");
    expect(screen.getByTestId("status-acwr-value")).toHaveTextContent("—");
    expect(screen.getByTestId("status-acwr-zone")).toHaveTextContent("needs 28 days of load");
    expect(screen.getByTestId("status-monotony-value")).toHaveTextContent("—");
  });

  it("gives distances in miles in imperial units", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "en", units: "imperial" }) });
    renderApp(<TrainingStatusCard />);
    await waitFor(() => expect(screen.getByTestId("status-week-distance")).toHaveTextContent("42.50 mi"));
  });

  it("says what to do when there is nothing yet", async () => {
    mocks.trainingStatus.mockResolvedValue({
      status: "ok",
      data: {
        date: "2026-03-15",
        ctl: 0,
        atl: 0,
        tsb: 0,
        ramp_7d: null,
        acwr: null,
        monotony: null,
        strain: null,
        last_7_days: { sport: "all", activities: 0, moving_s: 0, distance_m: 0, ascent_m: 0, load: 0 },
      },
    });
    renderApp(<TrainingStatusCard />);
    const empty = await screen.findByTestId("training-status-empty");
    expect(empty).toHaveTextContent("Import your activities and set your thresholds");
    expect(screen.getByTestId("training-status-empty-activities")).toHaveAttribute("href", "/activities");
    expect(screen.getByTestId("training-status-empty-profile")).toHaveAttribute("href", "/settings/profile");
    expect(screen.queryByTestId("status-ctl")).not.toBeInTheDocument();
  });

  it("asks for thresholds when the week's activities have no load", async () => {
    mocks.trainingStatus.mockResolvedValue({
      status: "ok",
      data: { ...trainingStatus, ctl: 0, atl: 0, tsb: 0, acwr: null, last_7_days: { ...trainingStatus.last_7_days, load: 0 } },
    });
    renderApp(<TrainingStatusCard />);
    expect(await screen.findByTestId("status-no-load")).toHaveTextContent("These activities have no training load");
  });

  it("tells the error by its code", async () => {
    mocks.trainingStatus.mockResolvedValue({ status: "error", error: { code: "storage", message: "database is locked", field: null } });
    renderApp(<TrainingStatusCard />);
    const error = await screen.findByTestId("training-status-error");
    expect(error).toHaveAttribute("data-code", "storage");
    expect(error).toHaveTextContent("Your training database could not be read or written.");
    expect(error).toHaveTextContent("database is locked");
  });

  it("renders in French", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "fr", units: "metric" }) });
    renderApp(<TrainingStatusCard />);
    const card = await screen.findByTestId("training-status");
    await waitFor(() => expect(card).toHaveTextContent("Cette semaine"));
    expect(card).toHaveTextContent("7 derniers jours");
    expect(screen.getByTestId("status-acwr-value")).toHaveTextContent("1,18");
    expect(screen.getByTestId("status-acwr-zone")).toHaveTextContent("dans la zone idéale 0,8–1,3");
    expect(screen.getByTestId("status-ramp-value")).toHaveTextContent("+2,9 /sem.");
    expect(screen.getByTestId("status-week-distance")).toHaveTextContent("68,40 km");
  });

  it("replaces the old placeholder on the dashboard", async () => {
    renderApp(<Dashboard />);
    expect(await screen.findByTestId("status-ctl-value")).toHaveTextContent("51");
    expect(screen.queryByText("No activities yet. Your weekly volume and intensity will show here.")).not.toBeInTheDocument();
  });
});
