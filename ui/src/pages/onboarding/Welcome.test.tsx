import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../../App";
import { page } from "../../lib/reload";
import { activityList, emptyProfile, settingsWith } from "../../test/fixtures";
import { mockActivityCommands, setupCommandMocks } from "../../test/mockBindings";
import { renderApp } from "../../test/render";

vi.mock("../../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

const mocks = setupCommandMocks();
const reload = vi.spyOn(page, "reload").mockImplementation(() => {});
const fresh = settingsWith({ onboarded: false });
const noActivities = { activities: [], totals: { count: 0, distance_m: null, elapsed_s: null, moving_s: null, ascent_m: null, calories_kcal: null } };
let acts: ReturnType<typeof mockActivityCommands>;
/** Settings, then the activity list, then the page's own calls: slower than one round trip when the whole suite runs. */
const SLOW = { timeout: 5000 };

beforeEach(() => {
  reload.mockClear();
  acts = mockActivityCommands();
  mocks.getSettings.mockResolvedValue({ status: "ok", data: fresh });
  mocks.getProfile.mockResolvedValue({ status: "ok", data: emptyProfile });
  acts.listActivities.mockResolvedValue({ status: "ok", data: noActivities });
});

/** A first run: opens the app at its index and lands on the welcome. */
async function welcome() {
  renderApp(<App />);
  await screen.findByTestId("welcome-page", {}, SLOW);
  return userEvent.setup();
}

async function toStart(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByTestId("onboarding-next"));
  await screen.findByTestId("onboarding-panel-profile");
  await user.click(screen.getByTestId("onboarding-next"));
  await screen.findByTestId("onboarding-panel-start");
}

describe("first-run redirect", () => {
  it("sends a fresh install with no activity to the welcome", async () => {
    await welcome();
    expect(acts.listActivities).toHaveBeenCalledWith(null);
    expect(screen.getByText("Welcome to Tempo")).toBeInTheDocument();
    expect(screen.queryByTestId("nav-dashboard")).not.toBeInTheDocument();
  });

  it("never sends an install that already holds activities", async () => {
    acts.listActivities.mockResolvedValue({ status: "ok", data: activityList });
    renderApp(<App />);
    expect(await screen.findByTestId("dashboard-greeting", {}, SLOW)).toBeInTheDocument();
    expect(acts.listActivities).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId("welcome-page")).not.toBeInTheDocument();
  });

  it("does not ask for the activities once onboarded", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ onboarded: true }) });
    renderApp(<App />);
    expect(await screen.findByTestId("dashboard-greeting", {}, SLOW)).toBeInTheDocument();
    expect(acts.listActivities).not.toHaveBeenCalled();
  });

  it("shows the app when the activities cannot be listed", async () => {
    acts.listActivities.mockResolvedValue({ status: "error", error: { code: "storage", message: "locked", field: null } });
    renderApp(<App />);
    expect(await screen.findByTestId("dashboard-greeting", {}, SLOW)).toBeInTheDocument();
  });
});

describe("welcome steps", () => {
  it("applies the language and the units at once", async () => {
    const user = await welcome();
    await user.click(screen.getByLabelText("Français"));
    await waitFor(() => expect(mocks.setSettings).toHaveBeenLastCalledWith({ ...fresh, language: "fr" }));
    expect(await screen.findByText("Bienvenue dans Tempo")).toBeInTheDocument();
    expect(screen.getByTestId("onboarding-next")).toHaveTextContent("Suivant");
    await user.click(screen.getByLabelText("Impériales (miles, lb)"));
    await waitFor(() => expect(mocks.setSettings).toHaveBeenLastCalledWith({ ...fresh, language: "fr", units: "imperial" }));
  });

  it("checks and saves the profile essentials, and goes back", async () => {
    const user = await welcome();
    expect(screen.getByTestId("onboarding-back")).toBeDisabled();
    await user.click(screen.getByTestId("onboarding-next"));
    await screen.findByTestId("onboarding-panel-profile");
    await user.type(screen.getByTestId("onboarding-name"), "Alex");
    await user.selectOptions(screen.getByTestId("onboarding-sex"), "male");
    await user.type(screen.getByTestId("onboarding-birth-year"), "1990");
    await user.type(screen.getByTestId("onboarding-weight"), "72,5");
    await user.type(screen.getByTestId("onboarding-max-hr"), "300");
    await user.type(screen.getByTestId("onboarding-resting-hr"), "52");
    await user.click(screen.getByTestId("onboarding-next"));
    expect(await screen.findByTestId("onboarding-error-max-hr")).toHaveTextContent("Enter a value between 100 and 240.");
    expect(mocks.updateProfile).not.toHaveBeenCalled();

    await user.clear(screen.getByTestId("onboarding-max-hr"));
    await user.type(screen.getByTestId("onboarding-max-hr"), "191");
    await user.click(screen.getByTestId("onboarding-next"));
    await screen.findByTestId("onboarding-panel-start");
    expect(mocks.updateProfile).toHaveBeenCalledTimes(1);
    expect(mocks.updateProfile.mock.calls[0][0]).toMatchObject({
      name: "Alex",
      sex: "male",
      birth_year: 1990,
      weight_kg: 72.5,
      max_hr: 191,
      resting_hr: 52,
      lthr: null,
      ftp_w: null,
    });

    await user.click(screen.getByTestId("onboarding-back"));
    await screen.findByTestId("onboarding-panel-profile");
    expect(screen.getByTestId("onboarding-name")).toHaveValue("Camille"); // what the backend answered
  });

  it("moves on without a call when nothing was typed", async () => {
    const user = await welcome();
    await toStart(user);
    expect(mocks.updateProfile).not.toHaveBeenCalled();
    expect(screen.getByTestId("onboarding-connect")).toBeDisabled();
    expect(screen.getByTestId("onboarding-connect")).toHaveTextContent("Account sync comes in a later version");
  });

  it("skips to the dashboard, recording that onboarding is done", async () => {
    const user = await welcome();
    await toStart(user);
    await user.click(screen.getByTestId("onboarding-skip"));
    await waitFor(() => expect(mocks.setSettings).toHaveBeenCalledWith({ ...fresh, onboarded: true }));
    expect(await screen.findByTestId("dashboard-greeting", {}, SLOW)).toBeInTheDocument();
  });

  it("goes to the import, recording that onboarding is done", async () => {
    const user = await welcome();
    await toStart(user);
    await user.click(screen.getByTestId("onboarding-import"));
    await waitFor(() => expect(mocks.setSettings).toHaveBeenCalledWith({ ...fresh, onboarded: true }));
    expect(await screen.findByTestId("activities-page", {}, SLOW)).toBeInTheDocument();
  });

  it("starts the demo after recording onboarding, then reloads", async () => {
    const user = await welcome();
    await toStart(user);
    await user.click(screen.getByTestId("onboarding-demo"));
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
    expect(mocks.setSettings).toHaveBeenCalledWith({ ...fresh, onboarded: true });
    expect(mocks.startDemo).toHaveBeenCalledTimes(1);
    expect(mocks.setSettings.mock.invocationCallOrder[0]).toBeLessThan(mocks.startDemo.mock.invocationCallOrder[0]);
  });

  it("stays when the demo cannot start", async () => {
    mocks.startDemo.mockResolvedValue({ status: "error", error: { code: "storage", message: "no space left", field: null } });
    const user = await welcome();
    await toStart(user);
    await user.click(screen.getByTestId("onboarding-demo"));
    expect(await screen.findByText("no space left")).toBeInTheDocument();
    expect(reload).not.toHaveBeenCalled();
    expect(screen.getByTestId("onboarding-demo")).toBeEnabled();
  });
});
