import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { App } from "../../App";
import { emptyProfile, fullProfile, settingsWith } from "../../test/fixtures";
import { setupCommandMocks } from "../../test/mockBindings";
import { renderApp } from "../../test/render";
import { todayIso } from "../../lib/format";

vi.mock("../../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

const mocks = setupCommandMocks({ now: null });

async function openProfile() {
  renderApp(<App />, "/settings/profile");
  return screen.findByTestId("profile-form");
}

async function retype(testId: string, text: string) {
  const user = userEvent.setup();
  const input = screen.getByTestId(testId);
  await user.clear(input);
  if (text) await user.type(input, text);
  return user;
}

describe("Profile form", () => {
  it("loads the saved values and shows since dates", async () => {
    await openProfile();
    expect(screen.getByTestId("profile-name")).toHaveValue("Camille");
    expect(screen.getByTestId("profile-sex")).toHaveValue("female");
    expect(screen.getByTestId("profile-birth-year")).toHaveValue("1988");
    expect(screen.getByTestId("profile-weight")).toHaveValue("61.5");
    expect(screen.getByTestId("profile-max-hr")).toHaveValue("188");
    expect(screen.getByTestId("profile-threshold-pace")).toHaveValue("4:22");
    expect(screen.getByTestId("profile-vma")).toHaveValue("16.5");
    expect(screen.getByTestId("profile-effective")).toHaveValue(todayIso());
    expect(screen.getByTestId("profile-since-max-hr")).toHaveTextContent("since 2026-03-01");
    expect(screen.getByTestId("profile-since-threshold-pace")).toHaveTextContent("since 2026-03-05");
    // history table
    const table = await screen.findByTestId("profile-history");
    expect(within(table).getAllByRole("row")).toHaveLength(3);
    expect(within(table).getByText("185 bpm")).toBeInTheDocument();
  });

  it("refuses an out-of-range max HR without calling the backend", async () => {
    await openProfile();
    const user = await retype("profile-max-hr", "1900");
    await user.click(screen.getByTestId("profile-save"));
    expect(await screen.findByTestId("profile-error-max-hr")).toHaveTextContent("between 100 and 240");
    expect(mocks.updateProfile).not.toHaveBeenCalled();
  });

  it("refuses a resting HR at or above max HR", async () => {
    await openProfile();
    await retype("profile-max-hr", "110");
    const user = await retype("profile-resting-hr", "110");
    await user.click(screen.getByTestId("profile-save"));
    expect(await screen.findByTestId("profile-error-resting-hr")).toHaveTextContent(
      "Resting heart rate must be lower than max heart rate",
    );
    expect(mocks.updateProfile).not.toHaveBeenCalled();
  });

  it("sends the typed numbers on a valid submit, pace as seconds", async () => {
    mocks.getProfile.mockResolvedValue({ status: "ok", data: emptyProfile });
    await openProfile();
    await retype("profile-name", "Ana");
    await retype("profile-max-hr", "192");
    await retype("profile-resting-hr", "46");
    await retype("profile-lthr", "174");
    await retype("profile-ftp", "250");
    await retype("profile-weight", "70.5");
    await retype("profile-threshold-pace", "4:15");
    await retype("profile-vma", "17.5");
    const user = await retype("profile-effective", "2026-03-01");
    await user.selectOptions(screen.getByTestId("profile-sex"), "male");
    await user.click(screen.getByTestId("profile-save"));

    await waitFor(() => expect(mocks.updateProfile).toHaveBeenCalledTimes(1));
    expect(mocks.updateProfile).toHaveBeenCalledWith({
      name: "Ana",
      sex: "male",
      birth_year: null,
      weight_kg: 70.5,
      height_cm: null,
      max_hr: 192,
      resting_hr: 46,
      lthr: 174,
      ftp_w: 250,
      threshold_pace_s_per_km: 255,
      vma_kmh: 17.5,
      effective: "2026-03-01",
    });
    await waitFor(() => expect(screen.getByTestId("profile-status")).toHaveTextContent("Profile saved"));
    expect(screen.getByTestId("profile-status")).toHaveAttribute("data-state", "saved");
    expect(await screen.findByTestId("profile-saved")).toHaveTextContent("Profile saved");
    // the history is refreshed after saving
    await waitFor(() => expect(mocks.profileHistory).toHaveBeenCalledTimes(2));
  });

  it("shows a backend invalid_input error under the matching field", async () => {
    mocks.updateProfile.mockResolvedValue({
      status: "error",
      error: { code: "invalid_input", message: "max_hr must be between 100 and 240 bpm, got 99", field: "max_hr" },
    });
    await openProfile();
    const user = await retype("profile-max-hr", "190");
    await user.click(screen.getByTestId("profile-save"));
    expect(await screen.findByTestId("profile-error-max-hr")).toHaveTextContent(
      "max_hr must be between 100 and 240 bpm, got 99",
    );
    expect(screen.getByTestId("profile-status")).toHaveAttribute("data-state", "error");
  });

  it("shows a backend error without a known field in an alert", async () => {
    mocks.updateProfile.mockResolvedValue({
      status: "error",
      error: { code: "storage", message: "disk is full", field: null },
    });
    await openProfile();
    const user = await retype("profile-ftp", "260");
    await user.click(screen.getByTestId("profile-save"));
    expect(await screen.findByTestId("profile-form-error")).toHaveTextContent("disk is full");
  });

  it("shows validation messages in French", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "fr" }) });
    await openProfile();
    await waitFor(() => expect(screen.getByTestId("nav-dashboard")).toHaveTextContent("Tableau de bord"));
    const user = await retype("profile-max-hr", "1900");
    await user.click(screen.getByTestId("profile-save"));
    expect(await screen.findByTestId("profile-error-max-hr")).toHaveTextContent("Saisissez une valeur entre 100 et 240");
    expect(mocks.updateProfile).not.toHaveBeenCalled();
  });
});

describe("fixtures", () => {
  it("match the pace shown in the form", () => {
    expect(fullProfile.threshold_pace_s_per_km?.value).toBe(262);
  });
});
