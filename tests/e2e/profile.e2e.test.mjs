// The real Tempo window: edit the profile, see bad input refused, restart the
// app and find the values persisted, check the CLI reads the same database.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Session, cli, screenshot } from "./webdriver.mjs";

const APP = process.env.APP_BIN;

async function openProfile(s) {
  await s.click('[data-testid="nav-settings"]');
  await s.click('[data-testid="settings-tab-profile"]');
  await s.waitFor('[data-testid="profile-max-hr"]');
}

test("profile: edit, refuse bad input, persist across restart", async () => {
  let s = await Session.start(APP);
  try {
    await s.waitFor('[data-testid="dashboard-greeting"]');
    await screenshot("dashboard-empty");

    await openProfile(s);
    await s.type('[data-testid="profile-name"]', "Ada Lovelace");
    await s.type('[data-testid="profile-birth-year"]', "1988");
    await s.type('[data-testid="profile-weight"]', "58.5");
    await s.type('[data-testid="profile-max-hr"]', "188");
    await s.type('[data-testid="profile-resting-hr"]', "46");
    await s.type('[data-testid="profile-lthr"]', "171");
    await s.type('[data-testid="profile-threshold-pace"]', "4:15");
    await s.type('[data-testid="profile-vma"]', "17.5");
    await s.click('[data-testid="profile-save"]');
    await s.until(async () => (await s.text('[data-testid="profile-status"]')).length > 0, "save status");
    await s.until(async () => (await s.text('[data-testid="profile-since-max-hr"]')).match(/\d{4}-\d{2}-\d{2}/), "since date");

    // The CLI reads the same database the app writes.
    const stored = cli(["profile", "show"]);
    assert.equal(stored.name, "Ada Lovelace");
    assert.equal(stored.max_hr.value, 188);
    assert.equal(stored.threshold_pace_s_per_km.value, 255);
    assert.equal(stored.vma_kmh.value, 17.5);
    await screenshot("settings-profile");

    // Bad input: a validation message, and nothing stored.
    await s.type('[data-testid="profile-max-hr"]', "1900");
    await s.click('[data-testid="profile-save"]');
    const message = await s.until(
      async () => (await s.exists('[data-testid="profile-error-max-hr"]')) && s.text('[data-testid="profile-error-max-hr"]'),
      "max HR validation message",
    );
    assert.match(message, /240/);
    await screenshot("settings-profile-invalid");
    assert.equal(cli(["profile", "show"]).max_hr.value, 188, "invalid input was stored");
    assert.equal(cli(["profile", "history"]).length, 6);
  } finally {
    await s.quit();
  }

  // A new app process on the same database.
  s = await Session.start(APP);
  try {
    await openProfile(s);
    await s.until(async () => (await s.value('[data-testid="profile-max-hr"]')) === "188", "persisted max HR");
    assert.equal(await s.value('[data-testid="profile-name"]'), "Ada Lovelace");
    assert.equal(await s.value('[data-testid="profile-threshold-pace"]'), "4:15");

    await s.click('[data-testid="nav-dashboard"]');
    await s.until(async () => (await s.text('[data-testid="dashboard-greeting"]')).includes("Ada"), "greeting by name");
    await screenshot("dashboard");

    await s.click('[data-testid="nav-settings"]');
    await s.click('[data-testid="settings-tab-about"]');
    const dbPath = await s.text('[data-testid="diag-database-path"]');
    assert.equal(dbPath, cli(["diagnostics"]).database_path);
    await screenshot("settings-about");
  } finally {
    await s.quit();
  }
});
