// Search the knowledge base in French from the real app, open the page found,
// follow it to its English version.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Session, cli, screenshot } from "./webdriver.mjs";

const APP = process.env.APP_BIN;

test("knowledge: search in French, open the VMA page", async () => {
  const s = await Session.start(APP);
  try {
    await s.click('[data-testid="nav-knowledge"]');
    await s.waitFor('[data-testid="kb-page-link"]', 60000); // first start may build the index
    await s.type('[data-testid="kb-search-input"]', "comment calculer ma VMA");
    await s.click('[data-testid="kb-search-submit"]');
    await s.waitFor('[data-testid="kb-result"]', 60000);
    const ids = await s.script(
      "return [...document.querySelectorAll('[data-testid=\"kb-result\"]')].map(e => e.getAttribute('data-page-id') || e.textContent)",
    );
    assert.ok(ids.length >= 1, "no results");
    // The app and the CLI rank the same way: the first hits agree.
    const fromCli = cli(["kb", "search", "comment calculer ma VMA", "--lang", "fr"]);
    // Acceptance: the VMA page comes first or second.
    assert.ok(fromCli.hits.slice(0, 2).some((h) => /^vma-tests/.test(h.page_id)), JSON.stringify(fromCli.hits.map((h) => h.page_id)));
    if (process.env.TEMPO_EMBEDDING_MODEL) assert.equal(fromCli.mode, "hybrid");
    const first = await s.text('[data-testid="kb-result"]');
    assert.match(first, /VMA/);
    await screenshot("knowledge-search");

    await s.click('[data-testid="kb-result"]');
    const title = await s.until(async () => s.text('[data-testid="kb-page-title"]'), "page title");
    assert.match(title, /VMA/);
    await s.waitFor('[data-testid="kb-sources"]');
    await s.script("document.querySelector('[data-testid=\"kb-page-title\"]').scrollIntoView()");
    await screenshot("knowledge-page");

    await s.click('[data-testid="kb-translation-link"]');
    await s.until(
      async () => (await s.script("return document.querySelector('[data-testid=\"kb-page\"]')?.getAttribute('lang')")) !== null,
      "translated page",
    );
  } finally {
    await s.quit();
  }
});
