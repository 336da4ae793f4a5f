import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { App } from "../../App";
import { loadModelSchema, loadModelToForm, formToLoadModel } from "../../lib/loadModelForm";
import { settingsWith } from "../../test/fixtures";
import { setupCommandMocks } from "../../test/mockBindings";
import { renderApp } from "../../test/render";

vi.mock("../../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

const mocks = setupCommandMocks({ now: null });

async function openTrainingLoad() {
  renderApp(<App />, "/settings/training");
  const form = await screen.findByTestId("load-model-form");
  // the saved model (28 / 5, exponential in the fixtures) has replaced the defaults
  await waitFor(() => expect(screen.getByTestId("load-model-ctl")).toHaveValue("28"));
  return form;
}

async function retype(testId: string, text: string) {
  const user = userEvent.setup();
  const input = screen.getByTestId(testId);
  await user.clear(input);
  if (text) await user.type(input, text);
  return user;
}

describe("Training load settings", () => {
  it("loads the current model", async () => {
    await openTrainingLoad();
    expect(mocks.getLoadModel).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId("load-model-ctl")).toHaveValue("28");
    expect(screen.getByTestId("load-model-atl")).toHaveValue("5");
    expect(screen.getByTestId("load-model-form-select")).toHaveValue("exponential");
    expect(screen.getByRole("option", { name: "Linear (TrainingPeaks, λ = 1/τ)" })).toBeInTheDocument();
    expect(screen.getByRole("option", { name: "Exponential (Banister, λ = 1 − e^(−1/τ))" })).toBeInTheDocument();
    expect(screen.getByTestId("load-model-intro")).toHaveTextContent("chart uses the new settings as soon as you save");
    expect(screen.getByTestId("settings-tab-training")).toHaveTextContent("Training load");
  });

  it("refuses a fatigue constant at or above the fitness one without calling the backend", async () => {
    await openTrainingLoad();
    await retype("load-model-ctl", "30");
    const user = await retype("load-model-atl", "30");
    await user.click(screen.getByTestId("load-model-save"));
    expect(await screen.findByTestId("load-model-error-atl")).toHaveTextContent(
      "Fatigue must average over fewer days than fitness (CTL).",
    );
    expect(mocks.setLoadModel).not.toHaveBeenCalled();
  });

  it("refuses constants outside 1–365 days and blanks", async () => {
    await openTrainingLoad();
    await retype("load-model-ctl", "400");
    const user = await retype("load-model-atl", "");
    await user.click(screen.getByTestId("load-model-save"));
    expect(await screen.findByTestId("load-model-error-ctl")).toHaveTextContent(
      "Enter a number of days between 1 and 365.",
    );
    expect(screen.getByTestId("load-model-error-atl")).toHaveTextContent("Enter a value.");
    expect(mocks.setLoadModel).not.toHaveBeenCalled();
  });

  it("saves the typed numbers and the chosen form, then says so", async () => {
    await openTrainingLoad();
    await retype("load-model-ctl", "50");
    const user = await retype("load-model-atl", "10,5");
    await user.selectOptions(screen.getByTestId("load-model-form-select"), "linear");
    await user.click(screen.getByTestId("load-model-save"));

    await waitFor(() => expect(mocks.setLoadModel).toHaveBeenCalledTimes(1));
    expect(mocks.setLoadModel).toHaveBeenCalledWith({ ctl_days: 50, atl_days: 10.5, form: "linear" });
    expect(await screen.findByTestId("load-model-saved")).toHaveTextContent("Load model saved");
    expect(screen.getByTestId("load-model-status")).toHaveAttribute("data-state", "saved");
    // the form shows what the backend kept
    expect(screen.getByTestId("load-model-ctl")).toHaveValue("50");
    expect(screen.getByTestId("load-model-atl")).toHaveValue("10.5");
  });

  it("restores 42 / 7, linear, and saves them", async () => {
    await openTrainingLoad();
    const user = userEvent.setup();
    expect(screen.getByTestId("load-model-reset")).toHaveTextContent("Restore defaults (42 / 7, linear)");
    await user.click(screen.getByTestId("load-model-reset"));
    expect(screen.getByTestId("load-model-ctl")).toHaveValue("42");
    expect(screen.getByTestId("load-model-atl")).toHaveValue("7");
    expect(screen.getByTestId("load-model-form-select")).toHaveValue("linear");
    // restoring only fills the form: saving applies it
    expect(mocks.setLoadModel).not.toHaveBeenCalled();
    await user.click(screen.getByTestId("load-model-save"));
    await waitFor(() => expect(mocks.setLoadModel).toHaveBeenCalledWith({ ctl_days: 42, atl_days: 7, form: "linear" }));
  });

  it("clears validation errors when restoring the defaults", async () => {
    await openTrainingLoad();
    const user = await retype("load-model-ctl", "0");
    await user.click(screen.getByTestId("load-model-save"));
    expect(await screen.findByTestId("load-model-error-ctl")).toBeInTheDocument();
    await user.click(screen.getByTestId("load-model-reset"));
    await waitFor(() => expect(screen.queryByTestId("load-model-error-ctl")).not.toBeInTheDocument());
  });

  it("shows a backend invalid_input error under the matching field", async () => {
    mocks.setLoadModel.mockResolvedValue({
      status: "error",
      error: { code: "invalid_input", message: "fatigue must average over fewer days than fitness", field: "atl_days" },
    });
    await openTrainingLoad();
    const user = await retype("load-model-ctl", "40");
    await user.click(screen.getByTestId("load-model-save"));
    expect(await screen.findByTestId("load-model-error-atl")).toHaveTextContent(
      "fatigue must average over fewer days than fitness",
    );
    expect(screen.getByTestId("load-model-status")).toHaveAttribute("data-state", "error");
    expect(screen.queryByTestId("load-model-form-error")).not.toBeInTheDocument();
  });

  it("shows a backend error without a known field in an alert", async () => {
    mocks.setLoadModel.mockResolvedValue({
      status: "error",
      error: { code: "storage", message: "disk is full", field: null },
    });
    await openTrainingLoad();
    await userEvent.setup().click(screen.getByTestId("load-model-save"));
    expect(await screen.findByTestId("load-model-form-error")).toHaveTextContent("disk is full");
  });

  it("shows the backend's message when the model cannot be loaded", async () => {
    mocks.getLoadModel.mockResolvedValue({
      status: "error",
      error: { code: "storage", message: "database is locked", field: null },
    });
    renderApp(<App />, "/settings/training");
    expect(await screen.findByTestId("load-model-load-error")).toHaveTextContent("database is locked");
  });

  it("renders the labels and validation messages in French", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "fr" }) });
    await openTrainingLoad();
    await waitFor(() => expect(screen.getByTestId("settings-tab-training")).toHaveTextContent("Charge d'entraînement"));
    expect(screen.getByLabelText("Constante de la forme de fond (CTL), en jours")).toHaveValue("28");
    expect(screen.getByLabelText("Constante de la fatigue (ATL), en jours")).toHaveValue("5");
    expect(screen.getByRole("option", { name: "Linéaire (TrainingPeaks, λ = 1/τ)" })).toBeInTheDocument();
    expect(screen.getByRole("option", { name: "Exponentielle (Banister, λ = 1 − e^(−1/τ))" })).toBeInTheDocument();
    expect(screen.getByTestId("load-model-reset")).toHaveTextContent("Rétablir les valeurs par défaut (42 / 7, linéaire)");
    const user = await retype("load-model-atl", "28");
    await user.click(screen.getByTestId("load-model-save"));
    expect(await screen.findByTestId("load-model-error-atl")).toHaveTextContent(
      "La fatigue doit porter sur moins de jours que la forme de fond (CTL).",
    );
    expect(mocks.setLoadModel).not.toHaveBeenCalled();
  });
});

describe("load model form helpers", () => {
  const schema = loadModelSchema();
  const issues = (v: Parameters<typeof schema.safeParse>[0]) => {
    const r = schema.safeParse(v);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}:${i.message}`);
  };

  it("mirrors the backend's rules", () => {
    expect(issues({ ctl_days: "42", atl_days: "7", form: "linear" })).toEqual([]);
    expect(issues({ ctl_days: "365", atl_days: "1", form: "exponential" })).toEqual([]);
    expect(issues({ ctl_days: "366", atl_days: "0.5", form: "linear" })).toEqual([
      "ctl_days:validation.days_range",
      "atl_days:validation.days_range",
    ]);
    expect(issues({ ctl_days: "7", atl_days: "7", form: "linear" })).toEqual(["atl_days:validation.atl_below_ctl"]);
    expect(issues({ ctl_days: "abc", atl_days: "", form: "linear" })).toEqual([
      "ctl_days:validation.number",
      "atl_days:validation.required",
    ]);
    expect(issues({ ctl_days: "42", atl_days: "7", form: "weekly" })).toEqual(["form:validation.load_form"]);
  });

  it("converts between the model and the form", () => {
    expect(loadModelToForm(null)).toEqual({ ctl_days: "42", atl_days: "7", form: "linear" });
    expect(loadModelToForm({ ctl_days: 28.5, atl_days: null, form: "weird" })).toEqual({
      ctl_days: "28.5",
      atl_days: "7",
      form: "linear",
    });
    expect(formToLoadModel({ ctl_days: " 35 ", atl_days: "6,5", form: "exponential" })).toEqual({
      ctl_days: 35,
      atl_days: 6.5,
      form: "exponential",
    });
  });
});
