// The athlete's own data in the real app: the first-run welcome, the demo
// athlete (its own database, removed in one click), a backup, a session added
// by hand with its RPE, the privacy page and the inbox. The CLI checks what
// the app stored.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { Session, cli, screenshot, sleep } from "./webdriver.mjs";

const APP = process.env.APP_BIN;

/** Sets a React-controlled input or select (date inputs take no typed keys in WebKitGTK). */
async function setValue(s, css, value) {
  await s.waitFor(css);
  await s.script(
    `const el = document.querySelector(arguments[0]);
     const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype
       : el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
     Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, arguments[1]);
     el.dispatchEvent(new Event('input', { bubbles: true }));
     el.dispatchEvent(new Event('change', { bubbles: true }));`,
    [css, value],
  );
}

/** Clicks through JavaScript: a notification toast may cover the button. */
async function press(s, css) {
  await s.waitFor(css);
  await s.script("const el = document.querySelector(arguments[0]); el.scrollIntoView({ block: 'center' }); el.click();", [css]);
}

/** Calls a command through the app's own IPC (as the UI does). */
async function invoke(s, cmd, args = {}) {
  return s.script(
    "return window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1])",
    [cmd, args],
  );
}

test("own data: welcome, demo athlete, backup, a manual session with RPE", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "tempo-own-"));
  const db = path.join(dir, "tempo.db");
  const tempo = (args) => cli([...args, "--db", db]);
  const s = await Session.start(APP, ["--db", db]);
  try {
    // A first run: the suite starts past the welcome, so turn it back on.
    await s.waitFor('[data-testid="nav-settings"]', 30000);
    const settings = await invoke(s, "get_settings");
    await invoke(s, "set_settings", { settings: { ...settings, onboarded: false, demo: false } });
    await s.script("location.hash = '#/'; location.reload();");
    await s.waitFor('[data-testid="welcome-page"]', 30000);
    await screenshot("onboarding-welcome");
    await press(s, '[data-testid="onboarding-next"]');
    await s.waitFor('[data-testid="onboarding-panel-profile"]');
    await press(s, '[data-testid="onboarding-next"]');
    await s.waitFor('[data-testid="onboarding-demo"]');
    await screenshot("onboarding-start");

    // The demo athlete: its own database beside the athlete's.
    await press(s, '[data-testid="onboarding-demo"]');
    await s.waitFor('[data-testid="demo-banner"]', 60000);
    await s.waitFor('[data-testid="dashboard-greeting"]', 30000);
    await sleep(2500);
    await screenshot("demo-dashboard");
    assert.ok(existsSync(path.join(dir, "tempo-demo.db")), "the demo database");
    const demo = cli(["activities", "list", "--db", path.join(dir, "tempo-demo.db")]);
    assert.ok(demo.activities.length > 100, `demo activities: ${demo.activities.length}`);
    assert.equal(tempo(["activities", "list"]).activities.length, 0, "the demo never touches the athlete's data");
    await press(s, '[data-testid="nav-plan"]');
    await s.waitFor('[data-testid="plan-view"]', 20000);
    await sleep(800);
    await screenshot("demo-plan");

    // The demo's inbox: its last week's summary and today's workout.
    await s.click('[data-testid="inbox-button"]');
    await s.until(
      async () => s.script("const el = document.querySelector('[data-testid=\"inbox-item\"]'); return !!el && el.getBoundingClientRect().height > 0;"),
      "a visible inbox item",
      20000,
    );
    await sleep(600);
    await screenshot("inbox");
    await s.click('[data-testid="inbox-button"]');

    // Removed in one click: back to the athlete's own (empty) database.
    await press(s, '[data-testid="demo-remove"]');
    await s.until(async () => !(await s.exists('[data-testid="demo-banner"]')), "demo banner gone", 30000);
    await s.until(() => !existsSync(path.join(dir, "tempo-demo.db")), "demo database deleted");

    // A backup from Settings → Data.
    await press(s, '[data-testid="nav-settings"]');
    await press(s, '[data-testid="settings-tab-data"]');
    await press(s, '[data-testid="backup-now"]');
    await s.waitFor('[data-testid="backup-row"]', 20000);
    await sleep(500);
    await screenshot("settings-data");
    // (The daily automatic backup may have run too.)
    const backups = tempo(["backup", "list"]).backups.filter((b) => b.kind === "manual");
    assert.equal(backups.length, 1);
    assert.ok(backups[0].size_bytes > 0);

    await press(s, '[data-testid="settings-tab-privacy"]');
    await s.waitFor('[data-testid="privacy-store"]');
    await sleep(500);
    await screenshot("settings-privacy");

    // A session without a device, then its RPE.
    await press(s, '[data-testid="nav-activities"]');
    await press(s, '[data-testid="activity-add"]');
    await s.waitFor('[data-testid="entry-form"]');
    const yesterday = new Date(Date.now() - 86400000).toISOString().slice(0, 10);
    await setValue(s, '[data-testid="entry-sport"]', "strength");
    await setValue(s, '[data-testid="entry-date"]', yesterday);
    await setValue(s, '[data-testid="entry-time"]', "18:30");
    await setValue(s, '[data-testid="entry-duration"]', "0:45:00");
    await setValue(s, '[data-testid="entry-name"]', "Gym: legs");
    await sleep(300);
    await screenshot("activity-add");
    await press(s, '[data-testid="entry-save"]');
    await s.waitFor('[data-testid="activity-detail"]', 20000);
    await press(s, '[data-testid="rpe-picker-6"]');
    await setValue(s, '[data-testid="activity-notes"]', "heavy squats");
    await press(s, '[data-testid="rpe-save"]');
    const list = await s.until(async () => {
      const l = tempo(["activities", "list"]);
      return l.activities.length === 1 && l.activities[0].rpe === 6 && l;
    }, "the RPE stored");
    const detail = tempo(["activities", "show", String(list.activities[0].id)]);
    assert.equal(detail.summary.manual, true);
    assert.equal(detail.notes, "heavy squats");
    const metrics = tempo(["metrics", "activity", String(list.activities[0].id)]);
    assert.equal(metrics.load.metric, "session_rpe");
    assert.equal(metrics.load.value, 6 * 45);
    await sleep(500);
    await screenshot("activity-manual-rpe");

  } catch (e) {
    // What the window showed when it failed (outside the docs folder).
    const prev = process.env.SCREENSHOT_DIR;
    process.env.SCREENSHOT_DIR = dir;
    console.log(`failure screenshot: ${await screenshot("owndata-failure")}`);
    process.env.SCREENSHOT_DIR = prev;
    throw e;
  } finally {
    await s.quit();
  }
});
