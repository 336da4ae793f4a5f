// Import a folder of real device files through the app's folder picker (the
// real GTK dialog, driven with xdotool), watch the progress finish, open an
// activity with its map and charts, delete one; the CLI checks the database.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { Session, cli, screenshot, sleep } from "./webdriver.mjs";

const APP = process.env.APP_BIN;
const CORPUS = process.env.TEMPO_TEST_CORPUS;

function xdotool(...args) {
  execFileSync("xdotool", args);
}

/** Answers the GTK folder chooser: type the path in its location bar, accept. */
async function chooseFolder(folder) {
  // Wait for the dialog window to map, then give it the keyboard.
  let win = "";
  for (let i = 0; i < 100 && !win; i++) {
    await sleep(100);
    try {
      win = execFileSync("xdotool", ["search", "--onlyvisible", "--name", "Open|Select|Choose|Ouvrir|Sélection"]).toString().trim().split("\n").pop();
    } catch {
      win = "";
    }
  }
  assert.ok(win, "the folder chooser did not open");
  // Xvfb has no window manager: focus the dialog directly, then type through
  // XTEST as a keyboard would (GTK ignores synthetic events sent to a window).
  xdotool("windowfocus", "--sync", win);
  await sleep(300);
  xdotool("key", "ctrl+l");
  await sleep(300);
  // Without a trailing slash, Return selects the folder instead of entering it.
  xdotool("type", "--delay", "5", folder);
  await sleep(500);
  xdotool("key", "Return");
  // In folder mode Return may first enter the folder; a second one selects it.
  for (let i = 0; i < 10; i++) {
    await sleep(300);
    try {
      execFileSync("xdotool", ["search", "--onlyvisible", "--name", "Open|Select|Choose|Ouvrir|Sélection"]);
    } catch {
      return; // the dialog closed
    }
    if (i === 2) xdotool("key", "Return");
  }
}

test("activities: import a folder from the picker, open one, delete one", { skip: !CORPUS && "TEMPO_TEST_CORPUS unset" }, async () => {
  const folder = mkdtempSync(path.join(tmpdir(), "tempo-import-"));
  cpSync(path.join(CORPUS, "fit"), folder, { recursive: true });
  cpSync(path.join(CORPUS, "gpx", "garmin-activity.gpx"), path.join(folder, "garmin-activity.gpx"));
  cpSync(path.join(CORPUS, "tcx", "20210119_run_garmin_fenix6.tcx"), path.join(folder, "run.tcx"));
  const files = readdirSync(folder).length;
  // Its own database, so the activities and thresholds it adds do not leak
  // into the other tests' (they share the data folder).
  const db = path.join(mkdtempSync(path.join(tmpdir(), "tempo-db-")), "tempo.db");
  const tempo = (args) => cli([...args, "--db", db]);

  const s = await Session.start(APP, ["--db", db]);
  try {
    await s.click('[data-testid="nav-activities"]');
    await s.click('[data-testid="import-folder-button"]');
    await chooseFolder(folder);

    // The progress panel reaches the total, then the summary lists the refusals.
    await s.waitFor('[data-testid="import-summary"]', 60000);
    const summary = await s.text('[data-testid="import-summary"]');
    assert.match(summary, new RegExp(`${files} files read`), summary);
    await s.until(async () => (await s.script("return document.querySelectorAll('[data-testid=\"activity-row\"]').length")) >= 10, "rows");
    await screenshot("activities-list");

    // The app stored what the CLI reads: 8 legs and rides from the FIT files,
    // one GPX run, one TCX run.
    const listed = tempo(["activities", "list"]);
    assert.equal(listed.totals.count, 10, JSON.stringify(listed.activities.map((a) => a.sport)));
    const text = await s.text('[data-testid="totals-bar"]');
    assert.match(text, /10/);

    // Open the GPX run (GPS + HR): map and synchronized charts.
    const run = listed.activities.find((a) => a.sport === "running" && a.has_gps && a.totals.avg_hr);
    assert.ok(run, "a running activity with GPS and HR");
    // Filter the list down to it (the list is virtualized: off-screen rows are
    // not in the page), then open it.
    await s.type('[data-testid="filter-text"]', "running");
    const row = `[data-testid="activity-row"][data-activity-id="${run.id}"]`;
    await s.waitFor(row);
    await s.script("document.querySelector(arguments[0]).scrollIntoView({ block: 'center' })", [row]);
    await s.click(`${row} td:nth-child(3)`);
    await s.waitFor('[data-testid="activity-detail"]');
    await s.waitFor('[data-testid="activity-map"] path, [data-testid="activity-map"] polyline');
    await s.waitFor('[data-testid="activity-chart-heart_rate"] canvas', 30000);
    await s.waitFor('[data-testid="activity-chart-altitude"] canvas');
    const detail = tempo(["activities", "show", String(run.id)]);
    assert.ok(detail.sample_count > 1000);
    await screenshot("activity-detail");
    await s.script("document.querySelector('[data-testid=\"activity-chart-heart_rate\"]').scrollIntoView({ block: 'start' })");
    await screenshot("activity-charts");

    // Its training metrics, with heart-rate thresholds dated before the run
    // (set through the CLI, on the app's database).
    tempo(["profile", "set", "--max-hr", "192", "--resting-hr", "48", "--lthr", "172", "--effective", "2015-01-01"]);
    await s.click('[data-testid="nav-activities"]');
    await s.type('[data-testid="filter-text"]', "running");
    await s.waitFor(row);
    await s.script("document.querySelector(arguments[0]).scrollIntoView({ block: 'center' })", [row]);
    await s.click(`${row} td:nth-child(3)`);
    await s.waitFor('[data-testid="activity-metrics"][data-state="ok"]', 30000);
    await s.waitFor('[data-testid="hr-zones"]');
    const metrics = tempo(["metrics", "activity", String(run.id)]);
    assert.equal(metrics.load.metric, "hrss");
    const shown = await s.text('[data-testid="metrics-load-value"]');
    assert.match(shown, new RegExp(String(Math.round(metrics.load.value))), shown);
    await s.script("document.querySelector('[data-testid=\"activity-metrics\"]').scrollIntoView({ block: 'start' })");
    await screenshot("activity-metrics");

    // The loads feed fitness, fatigue and form on the dashboard (all time).
    await s.click('[data-testid="nav-dashboard"]');
    await s.waitFor('[data-testid="fitness-range"]');
    await s.script(
      "[...document.querySelectorAll('[data-testid=\"fitness-range\"] label')].find(l => /all/i.test(l.textContent)).click()",
    );
    await s.until(async () => Number(await s.script("return document.querySelector('[data-testid=\"fitness-plot\"]')?.dataset.points ?? 0")) > 1000, "all-time series");
    const series = tempo(["metrics", "load"]);
    const ctl = await s.text('[data-testid="fitness-ctl"]');
    assert.equal(ctl.trim(), String(Math.round(series.at(-1).ctl)));
    await s.script("document.querySelector('[data-testid=\"fitness-chart\"]').scrollIntoView({ block: 'center' })");
    await screenshot("dashboard-fitness");
    await s.click('[data-testid="nav-activities"]');
    await s.type('[data-testid="filter-text"]', "running");
    await s.waitFor(row);
    await s.script("document.querySelector(arguments[0]).scrollIntoView({ block: 'center' })", [row]);
    await s.click(`${row} td:nth-child(3)`);
    await s.waitFor('[data-testid="activity-detail"]');

    // Delete it, with confirmation; the CLI no longer finds it.
    await s.click('[data-testid="delete-activity-button"]');
    await s.click('[data-testid="confirm-delete-button"]');
    await s.waitFor('[data-testid="activities-table"]');
    assert.equal(tempo(["activities", "list"]).totals.count, 9);
  } finally {
    await s.quit();
  }
});
