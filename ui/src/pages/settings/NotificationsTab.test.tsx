import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { App } from "../../App";
import { defaultSettings, settingsWith } from "../../test/fixtures";
import { setupCommandMocks } from "../../test/mockBindings";
import { renderApp } from "../../test/render";

vi.mock("../../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

const mocks = setupCommandMocks();

async function openNotifications() {
  renderApp(<App />, "/settings/notifications");
  await screen.findByTestId("notifications-tab");
  // the saved settings have arrived
  await waitFor(() => expect(mocks.getSettings).toHaveBeenCalled());
  return userEvent.setup();
}

describe("notification settings", () => {
  it("shows one switch per reminder, as saved", async () => {
    mocks.getSettings.mockResolvedValue({
      status: "ok",
      data: settingsWith({ reminders: { ...defaultSettings.reminders, sync_problem: false, weekly_summary: true } }),
    });
    await openNotifications();
    expect(screen.getByTestId("settings-tab-notifications")).toHaveTextContent("Notifications");
    await waitFor(() => expect(screen.getByTestId("reminder-switch-weekly_summary")).toBeChecked());
    expect(screen.getByTestId("reminder-switch-today_workout")).toBeChecked();
    expect(screen.getByTestId("reminder-switch-plan_adjustment")).toBeChecked();
    expect(screen.getByTestId("reminder-switch-sync_problem")).not.toBeChecked();
    expect(screen.getByTestId("reminder-switch-os_notifications")).not.toBeChecked();
    expect(screen.getByRole("switch", { name: /^Today's workout/ })).toBeInTheDocument();
    expect(screen.getByRole("switch", { name: /^Also show system notifications/ })).toBeInTheDocument();
  });

  it("saves a switch through the settings, keeping the others", async () => {
    const user = await openNotifications();
    await user.click(screen.getByTestId("reminder-switch-os_notifications"));
    await waitFor(() => expect(mocks.setSettings).toHaveBeenCalledTimes(1));
    expect(mocks.setSettings).toHaveBeenCalledWith({
      ...defaultSettings,
      reminders: { ...defaultSettings.reminders, os_notifications: true },
    });
    expect(screen.getByTestId("reminder-switch-os_notifications")).toBeChecked();
    await user.click(screen.getByTestId("reminder-switch-today_workout"));
    await waitFor(() => expect(mocks.setSettings).toHaveBeenCalledTimes(2));
    expect(mocks.setSettings.mock.calls[1][0].reminders).toEqual({
      ...defaultSettings.reminders,
      os_notifications: true,
      today_workout: false,
    });
  });

  it("renders in French", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "fr" }) });
    await openNotifications();
    await waitFor(() => expect(screen.getByRole("switch", { name: /^Séance du jour/ })).toBeInTheDocument());
    expect(screen.getByRole("switch", { name: /^Bilan de la semaine/ })).toBeInTheDocument();
    expect(screen.getByRole("switch", { name: /^Afficher aussi les notifications du système/ })).toBeInTheDocument();
  });
});
