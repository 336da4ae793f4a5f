import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import i18n from "../../i18n";
import { fitnessModel, fullProfile, maxHrEstimate, noPredictions, predictions, thresholdEstimates, settingsWith } from "../../test/fixtures";
import { setupCommandMocks } from "../../test/mockBindings";
import { renderApp } from "../../test/render";
import { Dashboard } from "../Dashboard";
import { ThresholdsCard } from "./ThresholdsCard";
import { driftOf } from "./FitnessModelSummary";
import { ESTIMATE_METHODS } from "./ThresholdEstimates";

vi.mock("../../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

const mocks = setupCommandMocks();

function renderCard(onProfile = vi.fn()) {
  renderApp(<ThresholdsCard profile={fullProfile} onProfile={onProfile} />);
  return onProfile;
}

describe("thresholds and predictions", () => {
  it("shows the current thresholds", async () => {
    renderCard();
    expect(screen.getByTestId("dashboard-threshold-ftp_w")).toHaveTextContent("230 W");
    expect(screen.getByTestId("dashboard-threshold-threshold_pace_s_per_km")).toHaveTextContent("4:22 /km");
    await screen.findByTestId("predictions");
  });

  it("shows VDOT with its effort, and race times by VDOT and by Riegel", async () => {
    renderCard();
    expect(await screen.findByTestId("predictions-vdot")).toHaveTextContent("48.6");
    expect(screen.getByTestId("predictions-effort")).toHaveTextContent("from 10.00 km in 44:10 on 2026-03-01");
    expect(screen.getByTestId("predictions-effort-link")).toHaveAttribute("href", "/activities/3");
    const rows = screen.getAllByTestId("race-row");
    expect(rows.map((r) => within(r).getAllByRole("cell")[0].textContent)).toEqual(["5 km", "10 km", "Half marathon", "Marathon"]);
    expect(within(rows[0]).getByTestId("race-vdot")).toHaveTextContent("21:02");
    expect(within(rows[0]).getByTestId("race-riegel")).toHaveTextContent("21:11");
    expect(within(rows[0]).getByTestId("race-pace")).toHaveTextContent("4:12 /km");
    expect(within(rows[2]).getByTestId("race-vdot")).toHaveTextContent("1:36:35");
    expect(within(rows[2]).getByTestId("race-riegel")).toHaveTextContent("1:37:43");
    expect(within(rows[3]).getByTestId("race-vdot")).toHaveTextContent("3:21:00");
    expect(within(rows[3]).getByTestId("race-riegel")).toHaveTextContent("3:23:45");
  });

  it("shows Daniels' training paces", async () => {
    renderCard();
    await screen.findByTestId("training-paces");
    expect(screen.getByTestId("pace-easy")).toHaveTextContent("5:18–5:56 /km");
    expect(screen.getByTestId("pace-marathon_s_per_km")).toHaveTextContent("4:46 /km");
    expect(screen.getByTestId("pace-threshold_s_per_km")).toHaveTextContent("4:28 /km");
    expect(screen.getByTestId("pace-interval_s_per_km")).toHaveTextContent("4:06 /km");
    expect(screen.getByTestId("pace-repetition_s_per_km")).toHaveTextContent("3:50 /km");
  });

  it("gives paces per mile in imperial units", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "en", units: "imperial" }) });
    renderCard();
    // 268 s/km is 7:11 /mi
    await waitFor(() => expect(screen.getByTestId("pace-threshold_s_per_km")).toHaveTextContent("7:11 /mi"));
    expect(screen.getByTestId("critical-speed-capacity")).toHaveTextContent("232 yd ± 20 yd");
  });

  it("shows CP/W′ and CS/D′ with their standard errors and R²", async () => {
    renderCard();
    expect(await screen.findByTestId("critical-power-critical")).toHaveTextContent("262 W ± 4 W");
    expect(screen.getByTestId("critical-power-capacity")).toHaveTextContent("18.2 kJ ± 1.1 kJ");
    expect(screen.getByTestId("critical-power-quality")).toHaveTextContent("R² 0.987 · 6 efforts");
    // 3.92 m/s is 4:15 /km; ±0.04 m/s is about ±3 s/km
    expect(screen.getByTestId("critical-speed-critical")).toHaveTextContent("4:15 /km ± 3 s");
    expect(screen.getByTestId("critical-speed-capacity")).toHaveTextContent("212 m ± 18 m");
    expect(screen.getByTestId("critical-speed-quality")).toHaveTextContent("R² 0.996");
  });

  it("lists the suggested thresholds beside the current ones", async () => {
    renderCard();
    const rows = await screen.findAllByTestId("estimate-row");
    expect(rows.map((r) => r.dataset.measure)).toEqual(["ftp_w", "threshold_pace_s_per_km"]);
    expect(within(rows[0]).getByTestId("estimate-value")).toHaveTextContent("262 W");
    expect(within(rows[0]).getByTestId("estimate-current")).toHaveTextContent("230 W");
    expect(within(rows[0]).getByTestId("estimate-activity")).toHaveAttribute("href", "/activities/2");
    expect(rows[0]).toHaveTextContent("95 % of the best 20-minute power in the last 90 days");
    expect(within(rows[1]).getByTestId("estimate-value")).toHaveTextContent("4:15 /km");
    expect(within(rows[1]).getByTestId("estimate-current")).toHaveTextContent("4:22 /km");
    expect(rows[1]).toHaveTextContent("as of 2026-03-15");
  });

  it("describes each estimate from its method and window, in the app's language", async () => {
    const unknown = { ...thresholdEstimates[0], method: "some_new_method", basis: "a method this UI does not know yet" };
    mocks.thresholdEstimates.mockResolvedValue({ status: "ok", data: [maxHrEstimate, unknown] });
    const basis = async () => (await screen.findAllByTestId("estimate-row")).map((r) => within(r).getByTestId("estimate-basis"));
    const { unmount } = renderApp(<ThresholdsCard profile={fullProfile} onProfile={vi.fn()} />);
    const [maxHr, other] = await basis();
    expect(maxHr).toHaveTextContent("Highest 5-second heart rate in the last 365 days");
    expect(maxHr).not.toHaveAttribute("lang");
    // a method the UI does not know: the backend's English sentence, marked as English
    expect(other).toHaveTextContent("a method this UI does not know yet");
    expect(other).toHaveAttribute("lang", "en");
    unmount();

    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "fr", units: "metric" }) });
    renderCard();
    await waitFor(() => expect(screen.getByTestId("thresholds-card")).toHaveTextContent("Seuils et prédictions"));
    const [maxHrFr, otherFr] = await basis();
    expect(maxHrFr).toHaveTextContent("Fréquence cardiaque la plus haute sur 5 secondes, 365 derniers jours");
    expect(otherFr).toHaveTextContent("a method this UI does not know yet");
    expect(otherFr).toHaveAttribute("lang", "en");
  });

  it("has an English and a French description of every method", () => {
    for (const lng of ["en", "fr"])
      for (const m of ESTIMATE_METHODS) {
        const text = i18n.t(`dashboard.estimates.method.${m}`, { lng, days: 90 });
        expect(text, `${lng}/${m}`).toContain("90");
        expect(i18n.exists(`dashboard.estimates.method.${m}`, { lng, fallbackLng: false }), `${lng}/${m}`).toBe(true);
      }
  });

  it("accepts an estimate, then refreshes the profile and the estimates", async () => {
    mocks.thresholdEstimates
      .mockResolvedValueOnce({ status: "ok", data: thresholdEstimates })
      .mockResolvedValueOnce({ status: "ok", data: [thresholdEstimates[1]] });
    renderApp(<Dashboard />);
    expect(await screen.findByTestId("dashboard-threshold-ftp_w")).toHaveTextContent("230 W");
    await userEvent.setup().click(await screen.findByTestId("estimate-accept-ftp_w"));
    expect(mocks.acceptThresholdEstimate).toHaveBeenCalledWith("ftp_w", 262);
    await waitFor(() => expect(screen.getByTestId("dashboard-threshold-ftp_w")).toHaveTextContent("262 W"));
    expect(screen.getByTestId("dashboard-threshold-ftp_w").parentElement).toHaveTextContent("since 2026-03-15");
    await waitFor(() => expect(screen.getAllByTestId("estimate-row")).toHaveLength(1));
    expect(mocks.thresholdEstimates).toHaveBeenCalledTimes(2);
    expect(await screen.findByText("FTP is now 262 W, from today.")).toBeInTheDocument();
  });

  it("accepts a threshold pace in seconds per km", async () => {
    const onProfile = renderCard();
    await userEvent.setup().click(await screen.findByTestId("estimate-accept-threshold_pace_s_per_km"));
    expect(mocks.acceptThresholdEstimate).toHaveBeenCalledWith("threshold_pace_s_per_km", 255);
    await waitFor(() => expect(onProfile).toHaveBeenCalledTimes(1));
    expect(onProfile.mock.calls[0][0].threshold_pace_s_per_km).toEqual({ value: 255, effective: "2026-03-15" });
  });

  it("tells a refused estimate by its code and keeps the profile", async () => {
    mocks.acceptThresholdEstimate.mockResolvedValue({
      status: "error",
      error: { code: "invalid_input", message: "the FTP must be between 30 and 2000 W", field: "ftp_w" },
    });
    const onProfile = renderCard();
    await userEvent.setup().click(await screen.findByTestId("estimate-accept-ftp_w"));
    const error = await screen.findByTestId("estimate-accept-error");
    expect(error).toHaveAttribute("data-code", "invalid_input");
    expect(error).toHaveTextContent("The threshold could not be saved");
    expect(error).toHaveTextContent("Tempo refused the request.");
    expect(error).toHaveTextContent("the FTP must be between 30 and 2000 W");
    expect(onProfile).not.toHaveBeenCalled();
    expect(mocks.thresholdEstimates).toHaveBeenCalledTimes(1);
    expect(screen.getAllByTestId("estimate-row")).toHaveLength(2);
  });

  it("says when there is nothing to suggest", async () => {
    mocks.thresholdEstimates.mockResolvedValue({ status: "ok", data: [] });
    renderCard();
    expect(await screen.findByTestId("estimates-empty")).toHaveTextContent("No new suggestions");
  });

  it("shows the fitness model's latest fit and its versions", async () => {
    renderCard();
    expect(await screen.findByTestId("model-tau1")).toHaveTextContent("43.5 d");
    expect(screen.getByTestId("model-tau2")).toHaveTextContent("7.4 d");
    expect(screen.getByTestId("model-rmse")).toHaveTextContent("0.31");
    expect(screen.getByTestId("model-versions")).toHaveTextContent("2");
    expect(screen.getByTestId("model-through")).toHaveTextContent("Fitted to 5 hard runs up to 2026-03-01.");
    expect(screen.getByTestId("model-drift")).toHaveAttribute("data-drift", "unchecked");
  });

  it("flags a model that drifts on the runs after its fit", async () => {
    mocks.fitnessModel.mockResolvedValue({ status: "ok", data: { ...fitnessModel, fits: [fitnessModel.fits[0]] } });
    renderCard();
    const drift = await screen.findByTestId("model-drift");
    expect(drift).toHaveAttribute("data-drift", "drifting");
    expect(drift).toHaveTextContent("Drifting");
    expect(drift).toHaveTextContent("Error on the 2 hard runs since the fit: 0.95, against 0.42 when fitted.");
    expect(driftOf({ ...fitnessModel.fits[0], later_rmse: 0.5 })).toBe("holding");
  });

  it("explains what is missing when there is nothing to predict from", async () => {
    mocks.fitnessPredictions.mockResolvedValue({ status: "ok", data: noPredictions });
    mocks.fitnessModel.mockResolvedValue({
      status: "ok",
      data: { performance: "vdot", points: [], fits: [], notes: ["3 hard runs so far: the model needs 5"] },
    });
    renderCard();
    expect(await screen.findByTestId("predictions-empty")).toHaveTextContent("Import recent activities to get your VDOT");
    expect(screen.getByTestId("predictions-notes")).toHaveTextContent("no run of 1500 m or more since 2025-12-16");
    expect(screen.getByTestId("predictions-notes")).toHaveTextContent("no 2–20 min power efforts since 2025-12-16 to fit a critical power");
    expect(await screen.findByTestId("fitness-model-empty")).toHaveTextContent("The model needs at least 5 hard runs");
    expect(screen.getByTestId("fitness-model-notes")).toHaveTextContent("3 hard runs so far: the model needs 5");
    expect(screen.queryByTestId("critical-fits")).not.toBeInTheDocument();
  });

  it("shows the races without a critical power fit", async () => {
    mocks.fitnessPredictions.mockResolvedValue({
      status: "ok",
      data: { ...predictions, critical_power: null, notes: ["no 2–20 min power efforts since 2025-12-16 to fit a critical power"] },
    });
    renderCard();
    expect(await screen.findByTestId("critical-power-none")).toHaveTextContent("Not enough 2–20 min efforts");
    expect(screen.getByTestId("critical-speed-critical")).toHaveTextContent("4:15 /km");
    expect(screen.getByTestId("predictions-notes")).toHaveTextContent("to fit a critical power");
  });

  it("tells the predictions' error by its code", async () => {
    mocks.fitnessPredictions.mockResolvedValue({ status: "error", error: { code: "storage", message: "disk full", field: null } });
    renderCard();
    const error = await screen.findByTestId("predictions-error");
    expect(error).toHaveAttribute("data-code", "storage");
    expect(error).toHaveTextContent("Your training database could not be read or written.");
    // the rest of the card still works
    expect(await screen.findAllByTestId("estimate-row")).toHaveLength(2);
    expect(await screen.findByTestId("model-tau1")).toBeInTheDocument();
  });

  it("explains VDOT on hover", async () => {
    renderCard();
    await screen.findByTestId("predictions-vdot");
    await userEvent.setup().hover(within(screen.getByTestId("predictions")).getByText("VDOT"));
    expect(await screen.findByRole("tooltip", {}, { timeout: 5000 })).toHaveTextContent("Daniels–Gilbert VDOT");
  });

  it("renders in French", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "fr", units: "metric" }) });
    renderCard();
    const card = screen.getByTestId("thresholds-card");
    await waitFor(() => expect(card).toHaveTextContent("Seuils et prédictions"));
    await waitFor(() => expect(screen.getByTestId("predictions-vdot")).toHaveTextContent("48,6"));
    expect(screen.getAllByTestId("race-row")[2]).toHaveTextContent("Semi-marathon");
    expect(screen.getByTestId("estimate-accept-ftp_w")).toHaveTextContent("Accepter");
    expect(screen.getByTestId("critical-power")).toHaveTextContent("PC");
    expect(screen.getByTestId("critical-power-capacity")).toHaveTextContent("18,2 kJ ± 1,1 kJ");
    expect(screen.getByTestId("model-tau1")).toHaveTextContent("43,5 j");
    expect(screen.getByTestId("pace-easy")).toHaveTextContent("Facile");
  });
});
