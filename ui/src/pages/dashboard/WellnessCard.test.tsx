import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { wellnessToday } from "../../test/entryFixtures";
import { settingsWith } from "../../test/fixtures";
import { setupCommandMocks } from "../../test/mockBindings";
import { renderApp } from "../../test/render";
import { WellnessCard } from "./WellnessCard";

vi.mock("../../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

// Today is 2026-03-15.
const mocks = setupCommandMocks();

describe("wellness today", () => {
  it("asks for today's entry and saves a new one", async () => {
    renderApp(<WellnessCard />);
    const form = await screen.findByTestId("wellness-form");
    expect(mocks.wellnessDays).toHaveBeenCalledWith("2026-03-15", "2026-03-15");
    expect(screen.getByTestId("wellness-state")).toHaveTextContent("Nothing recorded today yet");
    // the scales say which way they go
    expect(form).toHaveTextContent("1 = very poor, 5 = excellent");
    expect(form).toHaveTextContent("1 = none, 5 = very sore");
    expect(form).toHaveTextContent("1 = very low, 5 = excellent");
    expect(screen.getByTestId("wellness-save")).toBeDisabled();

    const user = userEvent.setup();
    await user.type(screen.getByTestId("wellness-sleep-hours"), "6,5");
    await user.click(screen.getByTestId("wellness-sleep-quality-2"));
    await user.click(screen.getByTestId("wellness-soreness-4"));
    await user.click(screen.getByTestId("wellness-mood-3"));
    await user.type(screen.getByTestId("wellness-notes"), "Travel day");
    await user.click(screen.getByTestId("wellness-save"));
    await waitFor(() =>
      expect(mocks.setWellness).toHaveBeenCalledWith({
        date: "2026-03-15",
        sleep_hours: 6.5,
        sleep_quality: 2,
        soreness: 4,
        mood: 3,
        notes: "Travel day",
      }),
    );
    await waitFor(() => expect(screen.getByTestId("wellness-state")).toHaveTextContent("Recorded for today"));
  });

  it("shows what was recorded today, and saves a partial entry with nulls", async () => {
    mocks.wellnessDays.mockResolvedValue({ status: "ok", data: [wellnessToday] });
    renderApp(<WellnessCard />);
    await screen.findByTestId("wellness-form");
    await waitFor(() => expect(screen.getByTestId("wellness-sleep-hours")).toHaveValue("7.5"));
    expect(screen.getByTestId("wellness-sleep-quality")).toHaveAttribute("data-value", "4");
    expect(screen.getByTestId("wellness-soreness")).toHaveAttribute("data-value", "2");
    expect(screen.getByTestId("wellness-notes")).toHaveValue("Slept well.");
    expect(screen.getByTestId("wellness-state")).toHaveTextContent("Recorded for today");

    const user = userEvent.setup();
    await user.clear(screen.getByTestId("wellness-sleep-hours"));
    await user.click(screen.getByTestId("wellness-mood-4")); // chosen again: cleared
    await user.clear(screen.getByTestId("wellness-notes"));
    await user.click(screen.getByTestId("wellness-save"));
    await waitFor(() =>
      expect(mocks.setWellness).toHaveBeenCalledWith({ date: "2026-03-15", sleep_hours: null, sleep_quality: 4, soreness: 2, mood: null, notes: null }),
    );
  });

  it("refuses impossible sleep", async () => {
    renderApp(<WellnessCard />);
    await screen.findByTestId("wellness-form");
    const user = userEvent.setup();
    await user.type(screen.getByTestId("wellness-sleep-hours"), "30");
    await user.click(screen.getByTestId("wellness-save"));
    expect(await screen.findByTestId("wellness-error-sleep_hours")).toHaveTextContent("Enter a value between 0 and 24.");
    expect(mocks.setWellness).not.toHaveBeenCalled();
  });

  it("shows a load error", async () => {
    mocks.wellnessDays.mockResolvedValue({ status: "error", error: { code: "storage", message: "database is locked", field: null } });
    renderApp(<WellnessCard />);
    expect(await screen.findByTestId("wellness-error")).toBeInTheDocument();
  });

  it("speaks French", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "fr" }) });
    renderApp(<WellnessCard />);
    const card = await screen.findByTestId("wellness-card");
    await waitFor(() => expect(card).toHaveTextContent("Bien-être du jour"));
    expect(card).toHaveTextContent("Courbatures");
    expect(card).toHaveTextContent("1 = aucune, 5 = très fortes");
    expect(within(card).getByTestId("wellness-save")).toHaveTextContent("Enregistrer");
  });
});
