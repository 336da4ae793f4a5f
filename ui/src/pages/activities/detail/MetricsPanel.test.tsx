import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import i18n from "../../../i18n";
import type { ActivityMetrics } from "../../../lib/api";
import { activityMetrics, activityMetricsNoFtp } from "../../../test/fixtures";
import { resetCommandMocks } from "../../../test/mockBindings";
import { renderApp } from "../../../test/render";
import { MetricsPanel, missingThresholds } from "./MetricsPanel";

vi.mock("../../../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

let mocks: ReturnType<typeof resetCommandMocks>;

function renderPanel(data: ActivityMetrics) {
  return renderApp(<MetricsPanel state={{ kind: "ok", data }} units="metric" />);
}

beforeEach(async () => {
  mocks = resetCommandMocks();
  await i18n.changeLanguage("en");
});

describe("metrics panel", () => {
  it("shows the load, power and heart-rate figures", () => {
    renderPanel(activityMetrics);
    const panel = screen.getByTestId("activity-metrics");
    expect(panel).toHaveAttribute("data-state", "ok");
    const load = screen.getByTestId("metrics-load");
    expect(load).toHaveAttribute("data-metric", "tss");
    expect(within(load).getByTestId("metrics-load-value")).toHaveTextContent("97");
    expect(within(load).getByTestId("metrics-load-metric")).toHaveTextContent("TSS");

    expect(screen.getByTestId("metric-average_w-value")).toHaveTextContent("231 W");
    expect(screen.getByTestId("metric-normalized_w-value")).toHaveTextContent("247 W");
    expect(screen.getByTestId("metric-intensity_factor-value")).toHaveTextContent("0.99");
    expect(screen.getByTestId("metric-variability_index-value")).toHaveTextContent("1.07");
    expect(screen.getByTestId("metric-tss-value")).toHaveTextContent("97");

    expect(screen.getByTestId("metric-banister_trimp-value")).toHaveTextContent("121");
    expect(screen.getByTestId("metric-edwards_trimp-value")).toHaveTextContent("168");
    expect(screen.getByTestId("metric-hrss-value")).toHaveTextContent("93");
    expect(screen.queryByTestId("metrics-missing")).not.toBeInTheDocument();
  });

  it("lists the time in each zone as durations, with its bpm range", () => {
    renderPanel(activityMetrics);
    const zones = screen.getByTestId("hr-zones");
    expect(zones).toHaveAttribute("data-model", "friel_lthr");
    expect(within(zones).getByTestId("hr-zones-model")).toHaveTextContent("Friel zones from your LTHR");
    const rows = within(zones).getAllByTestId("hr-zone");
    expect(rows).toHaveLength(7);
    expect(within(rows[0]).getByTestId("hr-zone-name")).toHaveTextContent("Z1");
    expect(within(rows[0]).getByTestId("hr-zone-range")).toHaveTextContent("< 145 bpm");
    expect(within(rows[0]).getByTestId("hr-zone-time")).toHaveTextContent("5:05");
    expect(within(rows[1]).getByTestId("hr-zone-range")).toHaveTextContent("145–154 bpm");
    expect(within(rows[1]).getByTestId("hr-zone-time")).toHaveTextContent("21:00");
    expect(within(rows[2]).getByTestId("hr-zone-time")).toHaveTextContent("25:00");
    expect(within(rows[6]).getByTestId("hr-zone-range")).toHaveTextContent("≥ 180 bpm");
    expect(within(rows[6]).getByTestId("hr-zone-time")).toHaveTextContent("0:00");
    // 1500 s of 3600 s
    expect(rows[2]).toHaveTextContent("42 %");
  });

  it("shows the best power and the best running efforts with their pace", () => {
    renderPanel(activityMetrics);
    const power = screen.getAllByTestId("power-best-row");
    expect(power.map((r) => r.getAttribute("data-duration"))).toEqual(["5", "60", "1200", "3600"]);
    expect(power[0]).toHaveTextContent("5 s");
    expect(power[0]).toHaveTextContent("512 W");
    expect(power[0]).toHaveTextContent("30:05");
    expect(power[1]).toHaveTextContent("1 min");
    expect(power[2]).toHaveTextContent("20 min");
    expect(power[3]).toHaveTextContent("60 min");
    expect(power[3]).toHaveTextContent("231 W");

    const runs = screen.getAllByTestId("distance-best-row");
    expect(runs).toHaveLength(5);
    expect(runs[0]).toHaveTextContent("400 m");
    expect(runs[0]).toHaveTextContent("1:18");
    expect(runs[0]).toHaveTextContent("3:16 /km");
    expect(runs[2]).toHaveTextContent("1 mile");
    expect(runs[3]).toHaveTextContent("5 km");
    expect(runs[3]).toHaveTextContent("20:30");
    expect(runs[3]).toHaveTextContent("4:06 /km");
    expect(runs[4]).toHaveTextContent("10 km");
    expect(runs[4]).toHaveTextContent("44:10");
  });

  it("says which thresholds were used and since when", () => {
    renderPanel(activityMetrics);
    expect(screen.getByTestId("threshold-ftp_w")).toHaveTextContent("FTP 250 W since 2022-01-01");
    expect(screen.getByTestId("threshold-lthr")).toHaveTextContent("LTHR 171 bpm since 2026-02-01");
    expect(screen.getByTestId("threshold-max_hr")).toHaveTextContent("Max HR 188 bpm since 2026-02-01");
    expect(screen.getByTestId("threshold-resting_hr")).toHaveTextContent("Resting HR 48 bpm since 2026-02-15");
    expect(screen.getByTestId("activity-metrics")).toHaveTextContent("thresholds in force on 2026-03-01");
  });

  it("explains a metric on hover", async () => {
    renderPanel(activityMetrics);
    const user = userEvent.setup();
    await user.hover(within(screen.getByTestId("metric-tss")).getByText("TSS"));
    expect(await screen.findByRole("tooltip")).toHaveTextContent("Training Stress Score: an hour at FTP = 100");
  });

  it("asks for an FTP, with a link to the profile, when IF and TSS are missing", () => {
    renderPanel(activityMetricsNoFtp);
    expect(screen.getByTestId("metric-intensity_factor-value")).toHaveTextContent("—");
    expect(screen.getByTestId("metric-tss-value")).toHaveTextContent("—");
    // HRSS stands for the load instead
    expect(screen.getByTestId("metrics-load")).toHaveAttribute("data-metric", "hrss");
    expect(screen.getByTestId("metrics-load-metric")).toHaveTextContent("HRSS");
    expect(screen.getByTestId("metrics-hint-ftp")).toHaveTextContent("Set your FTP to get the intensity factor and TSS.");
    expect(screen.queryByTestId("metrics-hint-hr")).not.toBeInTheDocument();
    expect(screen.getByTestId("metrics-profile-link")).toHaveAttribute("href", "/settings/profile");
    // the backend's own explanation is shown too
    expect(screen.getByTestId("metrics-notes")).toHaveTextContent("no FTP recorded on 2026-03-01: no intensity factor or TSS");
    expect(screen.queryByTestId("threshold-ftp_w")).not.toBeInTheDocument();
  });

  it("asks for heart-rate thresholds when TRIMP, HRSS and zones are missing", () => {
    const data: ActivityMetrics = {
      ...activityMetrics,
      thresholds: { on: "2026-03-01", max_hr: null, resting_hr: null, lthr: null, ftp_w: null, sex: null },
      power: null,
      power_bests: [],
      heart: { banister_trimp: null, edwards_trimp: null, hrss: null, zone_model: null, zones: [] },
      load: null,
      notes: ["no max and resting HR recorded on 2026-03-01: no Banister TRIMP or HRSS"],
    };
    expect(missingThresholds(data)).toEqual(["hr", "zones"]);
    renderPanel(data);
    expect(screen.getByTestId("metrics-load-none")).toHaveTextContent("No training load");
    expect(screen.getByTestId("metrics-hint-hr")).toBeInTheDocument();
    expect(screen.getByTestId("metrics-hint-zones")).toBeInTheDocument();
    expect(screen.queryByTestId("hr-zones")).not.toBeInTheDocument();
    expect(screen.queryByTestId("metrics-power")).not.toBeInTheDocument();
    expect(screen.getByTestId("metrics-thresholds")).toHaveTextContent("No thresholds were set for this date.");
  });

  it("renders in French", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: { language: "fr", theme: "light", units: "metric" } });
    renderPanel(activityMetricsNoFtp);
    const panel = screen.getByTestId("activity-metrics");
    await waitFor(() => expect(panel).toHaveTextContent("Indicateurs d'entraînement"));
    expect(panel).toHaveTextContent("Charge d'entraînement");
    expect(screen.getByTestId("metric-normalized_w")).toHaveTextContent("Puissance normalisée");
    expect(screen.getByTestId("metric-banister_trimp")).toHaveTextContent("TRIMP de Banister");
    expect(screen.getByTestId("hr-zones")).toHaveTextContent("Temps par zone cardiaque");
    expect(screen.getByTestId("threshold-lthr")).toHaveTextContent("FC seuil 171 bpm depuis le 2026-02-01");
    expect(screen.getByTestId("metrics-hint-ftp")).toHaveTextContent("Renseignez votre FTP");
    expect(screen.getByTestId("metrics-profile-link")).toHaveTextContent("Réglages → Profil");
    expect(screen.getAllByTestId("distance-best-row")[0]).toHaveTextContent("3:16 /km");
    const user = userEvent.setup();
    await user.hover(within(screen.getByTestId("metric-hrss")).getByText("HRSS"));
    expect(await screen.findByRole("tooltip")).toHaveTextContent("Heart-rate Stress Score : une heure à la FC seuil (LTHR) = 100");
  });

  it("shows a loader while loading", () => {
    renderApp(<MetricsPanel state={{ kind: "loading" }} units="metric" />);
    expect(screen.getByTestId("activity-metrics")).toHaveAttribute("data-state", "loading");
    expect(screen.getByTestId("activity-metrics-loading")).toBeInTheDocument();
    expect(screen.queryByTestId("metrics-load")).not.toBeInTheDocument();
  });

  it("shows the backend's error", () => {
    renderApp(<MetricsPanel state={{ kind: "error", error: { code: "storage", message: "database is locked", field: null } }} units="metric" />);
    const error = screen.getByTestId("metrics-error");
    expect(error).toHaveTextContent("The training metrics could not be computed");
    expect(error).toHaveTextContent("database is locked");
  });

  it("shows paces per mile in imperial units", () => {
    renderApp(<MetricsPanel state={{ kind: "ok", data: activityMetrics }} units="imperial" />);
    // 5 km in 20:30 is 4:06 /km, 6:36 /mi
    expect(screen.getAllByTestId("distance-best-row")[3]).toHaveTextContent("6:36 /mi");
  });
});
