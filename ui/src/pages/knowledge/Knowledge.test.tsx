import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { beforeEach, describe, expect, it, vi } from "vitest";
import i18n from "../../i18n";
import { App } from "../../App";
import { CitationChip } from "../../components/CitationChip";
import { kbPageEn, kbSearchBm25, settingsWith } from "../../test/fixtures";
import { mockKbCommands, resetCommandMocks } from "../../test/mockBindings";
import { renderApp } from "../../test/render";
import { KnowledgeArticlePage } from "./KnowledgeArticlePage";

vi.mock("../../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

let mocks: ReturnType<typeof resetCommandMocks>;
let kbMocks: ReturnType<typeof mockKbCommands>;

beforeEach(async () => {
  mocks = resetCommandMocks();
  kbMocks = mockKbCommands();
  await i18n.changeLanguage("en");
});

async function searchFor(text: string) {
  const user = userEvent.setup();
  const input = await screen.findByTestId("kb-search-input");
  await user.clear(input);
  await user.type(input, `${text}{Enter}`);
  return user;
}

describe("knowledge navigation", () => {
  it("has a nav entry between Coach and Settings", async () => {
    renderApp(<App />);
    const user = userEvent.setup();
    const nav = await screen.findByRole("navigation", { name: "Main navigation" });
    const ids = within(nav)
      .getAllByRole("link")
      .map((a) => a.getAttribute("data-testid"));
    expect(ids.slice(-3)).toEqual(["nav-coach", "nav-knowledge", "nav-settings"]);
    await user.click(screen.getByTestId("nav-knowledge"));
    expect(await screen.findByTestId("kb-search-input")).toBeInTheDocument();
    expect(screen.getByTestId("nav-knowledge")).toHaveAttribute("data-active", "true");
  });

  it("is called Connaissances in French", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "fr", units: "metric" }) });
    renderApp(<App />, "/knowledge");
    await waitFor(() => expect(screen.getByTestId("nav-knowledge")).toHaveTextContent("Connaissances"));
  });
});

describe("knowledge search", () => {
  it("shows the hits with title, heading path, snippet and language", async () => {
    renderApp(<App />, "/knowledge");
    await searchFor("heart zones");
    const results = await screen.findAllByTestId("kb-result");
    expect(results).toHaveLength(2);
    expect(kbMocks.kbSearch).toHaveBeenLastCalledWith("heart zones", null, "en");
    const first = results[0];
    expect(within(first).getByTestId("kb-result-title")).toHaveTextContent(kbPageEn.title);
    expect(within(first).getByTestId("kb-result-heading")).toHaveTextContent("%HRmax zones");
    expect(within(first).getByTestId("kb-result-heading")).not.toHaveTextContent(kbPageEn.title);
    const snippet = within(first).getByTestId("kb-result-snippet");
    expect(snippet).toHaveTextContent("A widely used five-zone scheme");
    expect(snippet.textContent).not.toContain("**");
    expect(within(first).getByText("EN")).toBeInTheDocument();
    // an intro hit has no section trail
    expect(within(results[1]).queryByTestId("kb-result-heading")).not.toBeInTheDocument();
    expect(screen.getByTestId("kb-search-meta")).toHaveTextContent("2 results · 12 ms");
    expect(screen.queryByTestId("kb-mode-notice")).not.toBeInTheDocument();
  });

  it("warns when the search runs on keywords only", async () => {
    kbMocks.kbSearch.mockResolvedValue({ status: "ok", data: kbSearchBm25 });
    renderApp(<App />, "/knowledge");
    const user = userEvent.setup();
    await user.type(await screen.findByTestId("kb-search-input"), "taper");
    await user.click(screen.getByTestId("kb-search-submit"));
    const notice = await screen.findByTestId("kb-mode-notice");
    expect(notice).toHaveTextContent("Keyword search only");
    expect(notice).toHaveTextContent("The embedding model is not installed");
    expect(screen.getAllByTestId("kb-result")).toHaveLength(2);
  });

  it("says so when nothing matches", async () => {
    kbMocks.kbSearch.mockResolvedValue({ status: "ok", data: { mode: "hybrid", notice: null, took_ms: null, hits: [] } });
    renderApp(<App />, "/knowledge");
    await searchFor("underwater basket weaving");
    expect(await screen.findByTestId("kb-no-results")).toHaveTextContent("underwater basket weaving");
    expect(screen.getByTestId("kb-search-meta")).toHaveTextContent("0 results");
    expect(screen.getByTestId("kb-search-meta")).not.toHaveTextContent("ms");
  });

  it("sends the language chosen, defaulting to the interface language", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "fr", units: "metric" }) });
    renderApp(<App />, "/knowledge");
    await waitFor(() => expect(screen.getByTestId("kb-search-submit")).toHaveTextContent("Rechercher"));
    const user = await searchFor("affûtage");
    await waitFor(() => expect(kbMocks.kbSearch).toHaveBeenLastCalledWith("affûtage", null, "fr"));
    await user.click(within(screen.getByTestId("kb-search-lang")).getByText("Toutes"));
    await waitFor(() => expect(kbMocks.kbSearch).toHaveBeenLastCalledWith("affûtage", null, null));
    await user.click(within(screen.getByTestId("kb-search-lang")).getByText("EN"));
    await waitFor(() => expect(kbMocks.kbSearch).toHaveBeenLastCalledWith("affûtage", null, "en"));
  });

  it("shows an invalid_input error by its code, not its message", async () => {
    kbMocks.kbSearch.mockResolvedValue({
      status: "error",
      error: { code: "invalid_input", message: "query: must not be blank", field: "query" },
    });
    renderApp(<App />, "/knowledge");
    await searchFor("?");
    const error = await screen.findByTestId("kb-error");
    expect(error).toHaveAttribute("data-code", "invalid_input");
    expect(error).toHaveTextContent("The search failed");
    expect(error).toHaveTextContent("Type a few words");
    expect(error).not.toHaveTextContent("must not be blank");
    expect(screen.queryByTestId("kb-result")).not.toBeInTheDocument();
  });

  it("shows other errors with their details", async () => {
    kbMocks.kbSearch.mockResolvedValue({
      status: "error",
      error: { code: "internal", message: "the search index is missing", field: null },
    });
    renderApp(<App />, "/knowledge");
    await searchFor("vma");
    const error = await screen.findByTestId("kb-error");
    expect(error).toHaveAttribute("data-code", "internal");
    expect(error).toHaveTextContent("could not read its knowledge base");
    expect(error).toHaveTextContent("the search index is missing");
  });

  it("shows a thrown failure as an error", async () => {
    kbMocks.kbSearch.mockRejectedValue(new Error("IPC unavailable"));
    renderApp(<App />, "/knowledge");
    await searchFor("vma");
    expect(await screen.findByTestId("kb-error")).toHaveTextContent("IPC unavailable");
  });
});

describe("browsing the pages", () => {
  it("lists the pages of the interface language when the query is empty", async () => {
    renderApp(<App />, "/knowledge");
    const links = await screen.findAllByTestId("kb-page-link");
    expect(links.map((a) => a.textContent)).toEqual([
      "Acute:chronic workload ratio, training monotony and strain",
      "Heart rate zones: %HRmax, Karvonen and LTHR zones",
      "Intensity distribution: polarised, pyramidal and threshold training",
    ]);
    expect(kbMocks.kbSearch).not.toHaveBeenCalled();
    const user = userEvent.setup();
    await user.click(within(screen.getByTestId("kb-search-lang")).getByText("All"));
    await waitFor(() => expect(screen.getAllByTestId("kb-page-link")).toHaveLength(4));
    expect(within(screen.getByTestId("kb-pages-fr")).getByTestId("kb-page-link")).toHaveTextContent(
      "Zones de fréquence cardiaque",
    );
    await user.click(within(screen.getByTestId("kb-search-lang")).getByText("FR"));
    await waitFor(() => expect(screen.getAllByTestId("kb-page-link")).toHaveLength(1));
    await user.click(screen.getByTestId("kb-page-link"));
    expect(await screen.findByTestId("kb-page-title")).toHaveTextContent("Zones de fréquence cardiaque");
    expect(kbMocks.kbPage).toHaveBeenCalledWith("heart-rate-zones-fr");
  });

  it("goes back to the list after clearing the search", async () => {
    renderApp(<App />, "/knowledge?q=zones");
    expect(await screen.findAllByTestId("kb-result")).toHaveLength(2);
    expect(screen.getByTestId("kb-search-input")).toHaveValue("zones");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("kb-search-clear"));
    expect(await screen.findAllByTestId("kb-page-link")).toHaveLength(3);
    expect(screen.queryByTestId("kb-result")).not.toBeInTheDocument();
  });

  it("shows an error when the page list cannot be loaded", async () => {
    kbMocks.kbPages.mockResolvedValue({ status: "error", error: { code: "storage", message: "kb folder unreadable", field: null } });
    renderApp(<App />, "/knowledge");
    const error = await screen.findByTestId("kb-error");
    expect(error).toHaveAttribute("data-code", "storage");
    expect(error).toHaveTextContent("The list of pages could not be loaded");
  });
});

describe("a knowledge page", () => {
  it("opens from a result, renders the markdown and the sources, and goes back to the results", async () => {
    renderApp(<App />, "/knowledge");
    const user = await searchFor("heart zones");
    await user.click((await screen.findAllByTestId("kb-result"))[0]);

    expect(await screen.findByTestId("kb-page-title")).toHaveTextContent(kbPageEn.title);
    expect(kbMocks.kbPage).toHaveBeenCalledWith("heart-rate-zones");
    // the `# Title` line is shown once, as the page title
    expect(screen.getAllByText(kbPageEn.title)).toHaveLength(1);
    const body = screen.getByTestId("kb-markdown");
    expect(within(body).getByRole("heading", { name: "%HRmax zones" })).toHaveAttribute("id", "kb-h-hrmax-zones");
    expect(within(body).getByRole("heading", { name: "Common mistakes" })).toBeInTheDocument();
    const table = within(body).getByRole("table");
    expect(within(table).getAllByRole("row")).toHaveLength(3);
    expect(within(table).getByRole("columnheader", { name: "%HRmax" })).toBeInTheDocument();
    expect(within(table).getByRole("cell", { name: "Light; easy aerobic running" })).toBeInTheDocument();
    expect(within(body).getByText("training targets").tagName).toBe("STRONG");
    expect(within(body).getAllByRole("listitem")).toHaveLength(2);
    // a page id written as code links to that page
    expect(within(body).getByTestId("kb-inline-page-link")).toHaveTextContent("Intensity distribution");

    expect(screen.getAllByTestId("kb-topic").map((b) => b.textContent)).toEqual(kbPageEn.topics);
    const sources = screen.getByTestId("kb-sources");
    expect(within(sources).getByRole("heading", { name: "Sources" })).toBeInTheDocument();
    expect(within(sources).getAllByTestId("kb-source")).toHaveLength(2);
    expect(sources).toHaveTextContent("Friel J. Total Heart Rate Training");

    await user.click(screen.getByTestId("kb-back"));
    expect(await screen.findAllByTestId("kb-result")).toHaveLength(2);
    expect(screen.getByTestId("kb-search-input")).toHaveValue("heart zones");
  });

  it("links to its translation when there is one", async () => {
    renderApp(<App />, "/knowledge/heart-rate-zones");
    const link = await screen.findByTestId("kb-translation-link");
    expect(link).toHaveTextContent("Lire en français");
    expect(link).toHaveAttribute("lang", "fr");
    const user = userEvent.setup();
    await user.click(link);
    expect(await screen.findByTestId("kb-page-title")).toHaveTextContent("Zones de fréquence cardiaque");
    expect(screen.getByTestId("kb-translation-link")).toHaveTextContent("Read in English");
    expect(screen.getByTestId("kb-page")).toHaveAttribute("lang", "fr");
  });

  it("has no translation link when there is none", async () => {
    renderApp(<App />, "/knowledge/acwr-monotony-strain");
    expect(await screen.findByTestId("kb-page-title")).toHaveTextContent("Acute:chronic workload ratio");
    expect(screen.queryByTestId("kb-translation-link")).not.toBeInTheDocument();
    expect(screen.getByTestId("kb-back")).toHaveTextContent("All pages");
  });

  it("explains a page that does not exist", async () => {
    renderApp(<App />, "/knowledge/no-such-page");
    const error = await screen.findByTestId("kb-error");
    expect(error).toHaveAttribute("data-code", "not_found");
    expect(error).toHaveTextContent("This page is not in the knowledge base");
    expect(screen.getByTestId("kb-back")).toBeInTheDocument();
  });
});

describe("CitationChip", () => {
  it("links to the cited page", async () => {
    renderApp(
      <Routes>
        <Route path="/" element={<CitationChip pageId="heart-rate-zones" title="Heart rate zones" />} />
        <Route path="/knowledge/:pageId" element={<KnowledgeArticlePage />} />
      </Routes>,
    );
    const chip = screen.getByTestId("citation-chip");
    expect(chip).toHaveTextContent("Heart rate zones");
    expect(chip).toHaveAttribute("href", "/knowledge/heart-rate-zones");
    await userEvent.setup().click(chip);
    expect(await screen.findByTestId("kb-page-title")).toHaveTextContent(kbPageEn.title);
  });
});
