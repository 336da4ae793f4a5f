// Preferences go through tauri-plugin-store and survive a restart; the UI
// switches to French at once.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Session, screenshot } from "./webdriver.mjs";

const APP = process.env.APP_BIN;

test("settings: French and dark theme persist across restart", async () => {
  let s = await Session.start(APP);
  try {
    await s.click('[data-testid="nav-settings"]');
    await s.click('[data-testid="settings-tab-appearance"]');
    await s.click('[data-testid="settings-language"] option[value="fr"]');
    await s.until(async () => (await s.text('[data-testid="nav-dashboard"]')).includes("Tableau de bord"), "French labels");
    await s.click('[data-testid="settings-theme"] option[value="dark"]');
    await s.until(
      async () => (await s.script("return document.documentElement.getAttribute('data-mantine-color-scheme')")) === "dark",
      "dark theme",
    );
  } finally {
    await s.quit();
  }

  s = await Session.start(APP);
  try {
    await s.until(async () => (await s.text('[data-testid="nav-dashboard"]')).includes("Tableau de bord"), "French after restart");
    assert.equal(await s.script("return document.documentElement.getAttribute('data-mantine-color-scheme')"), "dark");
    await s.waitFor('[data-testid="dashboard-greeting"]');
    await screenshot("dashboard-fr-dark");
    // Back to the defaults so later tests see English.
    await s.click('[data-testid="nav-settings"]');
    await s.click('[data-testid="settings-tab-appearance"]');
    await s.click('[data-testid="settings-theme"] option[value="light"]');
    await s.click('[data-testid="settings-language"] option[value="en"]');
    await s.until(async () => (await s.text('[data-testid="nav-dashboard"]')).includes("Dashboard"), "English again");
  } finally {
    await s.quit();
  }
});
