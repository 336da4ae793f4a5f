import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { setupCommandMocks } from "../../test/mockBindings";
import { renderApp } from "../../test/render";
import { ZoneDistributionCard } from "./ZoneDistributionCard";
import { settingsWith } from "../../test/fixtures";

vi.mock("../../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

const mocks = setupCommandMocks();

describe("zone distribution", () => {
  it("shows one block per zone model with the time and share of each zone", async () => {
    renderApp(<ZoneDistributionCard />);
    const blocks = await screen.findAllByTestId("zone-dist");
    expect(mocks.zoneDistribution).toHaveBeenCalledWith("2026-02-16", null);
    expect(blocks.map((b) => `${b.dataset.kind}/${b.dataset.model}`)).toEqual(["heart/friel_lthr", "power/coggan"]);

    const heart = blocks[0];
    expect(within(heart).getByTestId("zone-dist-title")).toHaveTextContent("Heart rate · Friel zones from your LTHR");
    expect(within(heart).getByTestId("zone-dist-count")).toHaveTextContent("9 activities · 14 h 00");
    const rows = within(heart).getAllByTestId("zone-dist-row");
    expect(rows).toHaveLength(7);
    expect(within(rows[1]).getByTestId("zone-dist-name")).toHaveTextContent("Z2");
    expect(within(rows[1]).getByTestId("zone-dist-time")).toHaveTextContent("8 h 00");
    // 28,800 s of 50,400 s
    expect(within(rows[1]).getByTestId("zone-dist-pct")).toHaveTextContent("57 %");
    expect(within(rows[6]).getByTestId("zone-dist-time")).toHaveTextContent("0 h 00");

    const power = blocks[1];
    expect(within(power).getByTestId("zone-dist-title")).toHaveTextContent("Power · Coggan's levels from your FTP");
    expect(within(power).getByTestId("zone-dist-count")).toHaveTextContent("1 activity · 1 h 00");
    const levels = within(power).getAllByTestId("zone-dist-name").map((n) => n.textContent);
    expect(levels[0]).toBe("Z1 Active recovery");
    expect(levels[6]).toBe("Z7 Neuromuscular");
    expect(within(power).getAllByTestId("zone-dist-pct")[1]).toHaveTextContent("50 %");
  });

  it("reloads for 90 days and for this year", async () => {
    renderApp(<ZoneDistributionCard />);
    await screen.findAllByTestId("zone-dist");
    const user = userEvent.setup();
    await user.click(within(screen.getByTestId("zone-range")).getByText("90 days"));
    await waitFor(() => expect(mocks.zoneDistribution).toHaveBeenLastCalledWith("2025-12-16", null));
    await user.click(within(screen.getByTestId("zone-range")).getByText("This year"));
    await waitFor(() => expect(mocks.zoneDistribution).toHaveBeenLastCalledWith("2026-01-01", null));
    expect(mocks.zoneDistribution).toHaveBeenCalledTimes(3);
  });

  it("says what zones need when there is no time in any", async () => {
    mocks.zoneDistribution.mockResolvedValue({ status: "ok", data: [] });
    renderApp(<ZoneDistributionCard />);
    const empty = await screen.findByTestId("zone-empty");
    expect(empty).toHaveTextContent("Zones need heart rate with an LTHR or max heart rate, power with an FTP");
    expect(screen.getByTestId("zone-empty-profile")).toHaveAttribute("href", "/settings/profile");
    expect(screen.getByTestId("zone-empty-activities")).toHaveAttribute("href", "/activities");
  });

  it("tells the error by its code", async () => {
    mocks.zoneDistribution.mockResolvedValue({ status: "error", error: { code: "busy", message: "an import is running", field: null } });
    renderApp(<ZoneDistributionCard />);
    const error = await screen.findByTestId("zone-error");
    expect(error).toHaveAttribute("data-code", "busy");
    expect(error).toHaveTextContent("Tempo is busy with another task (an import).");
  });

  it("renders in French", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "fr", units: "metric" }) });
    renderApp(<ZoneDistributionCard />);
    const card = screen.getByTestId("zone-distribution");
    await waitFor(() => expect(card).toHaveTextContent("Temps par zone"));
    const blocks = await screen.findAllByTestId("zone-dist");
    await waitFor(() => expect(within(blocks[1]).getByTestId("zone-dist-count")).toHaveTextContent("1 activité · 1 h 00"));
    expect(within(blocks[0]).getByTestId("zone-dist-title")).toHaveTextContent("Fréquence cardiaque · Zones de Friel d'après votre FC seuil");
    expect(within(blocks[1]).getAllByTestId("zone-dist-name")[0]).toHaveTextContent("Z1 Récupération active");
    expect(within(screen.getByTestId("zone-range")).getByText("28 jours")).toBeInTheDocument();
  });
});
