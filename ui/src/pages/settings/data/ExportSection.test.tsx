import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { settingsWith } from "../../../test/fixtures";
import { setupCommandMocks } from "../../../test/mockBindings";
import { ownDataMocks } from "../../../test/ownDataMocks";
import { renderApp } from "../../../test/render";
import { ExportSection } from "./ExportSection";

vi.mock("../../../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

const mocks = setupCommandMocks();
const own = ownDataMocks();

// Date inputs: user-event cannot type into them in jsdom, so set the value directly.
const setDate = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe("export", () => {
  it("explains that excluded activities stay out", () => {
    renderApp(<ExportSection />);
    expect(screen.getByTestId("export-excluded-hint")).toHaveTextContent("Exclude from export");
    expect(screen.getByTestId("export-excluded-hint")).toHaveTextContent("coach");
  });

  it("exports everything when no dates are given, then shows the report", async () => {
    renderApp(<ExportSection />);
    await userEvent.setup().click(screen.getByTestId("export-button"));
    expect(own.exportBundle).toHaveBeenCalledWith({ from: null, to: null });
    const report = await screen.findByTestId("export-report");
    expect(report).toHaveTextContent("Export finished");
    expect(screen.getByTestId("export-report-dir")).toHaveTextContent("/home/camille/Documents/tempo-export-2026-03-15");
    expect(screen.getByTestId("export-report-activities")).toHaveTextContent("120");
    expect(screen.getByTestId("export-report-excluded")).toHaveTextContent("3");
    expect(screen.getByTestId("export-report-files")).toHaveTextContent("245");
    expect(screen.getByTestId("export-report-size")).toHaveTextContent("46 MiB");
    expect(screen.getByTestId("export-report-time")).toHaveTextContent("2.4 s");
  });

  it("sends the chosen period", async () => {
    renderApp(<ExportSection />);
    setDate("export-from", "2026-01-01");
    setDate("export-to", "2026-02-28");
    await userEvent.setup().click(screen.getByTestId("export-button"));
    expect(own.exportBundle).toHaveBeenCalledWith({ from: "2026-01-01", to: "2026-02-28" });
  });

  it("refuses a period that ends before it starts", async () => {
    renderApp(<ExportSection />);
    setDate("export-from", "2026-03-01");
    setDate("export-to", "2026-02-01");
    expect(screen.getByText("The end date is before the start date.")).toBeInTheDocument();
    expect(screen.getByTestId("export-button")).toBeDisabled();
  });

  it("shows nothing when the folder picker is cancelled", async () => {
    own.exportBundle.mockResolvedValueOnce({ status: "ok", data: null });
    renderApp(<ExportSection />);
    await userEvent.setup().click(screen.getByTestId("export-button"));
    await waitFor(() => expect(own.exportBundle).toHaveBeenCalledTimes(1));
    expect(screen.queryByTestId("export-report")).not.toBeInTheDocument();
    expect(screen.queryByTestId("export-error")).not.toBeInTheDocument();
  });

  it("shows the backend's message when the export fails", async () => {
    own.exportBundle.mockResolvedValueOnce({ status: "error", error: { code: "storage", message: "folder is read-only", field: null } });
    renderApp(<ExportSection />);
    await userEvent.setup().click(screen.getByTestId("export-button"));
    expect(await screen.findByTestId("export-error")).toHaveTextContent("folder is read-only");
  });

  it("renders the report in French", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "fr" }) });
    renderApp(<ExportSection />);
    await waitFor(() => expect(screen.getByTestId("export-excluded-hint")).toHaveTextContent("Exclure de l'export"));
    await userEvent.setup().click(screen.getByTestId("export-button"));
    expect(await screen.findByTestId("export-report")).toHaveTextContent("Export terminé");
    expect(screen.getByTestId("export-report-time")).toHaveTextContent("2,4 s");
    expect(screen.getByText("Exclues")).toBeInTheDocument();
  });
});
