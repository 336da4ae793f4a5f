// The dashboard over a generated 16-week history (dated relative to today):
// training status, volume, mean-max curves, zones, predictions and threshold
// estimates agree with the CLI on the same database; accepting an estimate
// in the app lands in the profile and lights up pace zones on a run.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { writeHistory } from "./history.mjs";
import { Session, cli, screenshot } from "./webdriver.mjs";

const APP = process.env.APP_BIN;

const numbers = (text) => (text.match(/-?\d+(?:[.,]\d+)?/g) ?? []).map((x) => Number(x.replace(",", ".")));

test("metrics: the dashboard's season views, predictions and accepting an estimate", async () => {
  const folder = mkdtempSync(path.join(tmpdir(), "tempo-history-"));
  const files = writeHistory(folder);
  const db = path.join(mkdtempSync(path.join(tmpdir(), "tempo-db-")), "tempo.db");
  const tempo = (args) => cli([...args, "--db", db]);
  tempo(["profile", "set", "--name", "Camille", "--max-hr", "192", "--resting-hr", "48", "--effective", "2020-01-01"]);
  const imported = tempo(["import", folder]);
  assert.equal(imported.imported, files);

  const s = await Session.start(APP, ["--db", db]);
  const show = async (sel) => {
    await s.waitFor(sel, 20000);
    await s.script("document.querySelector(arguments[0]).scrollIntoView({ block: 'start' })", [sel]);
  };
  try {
    // Training status: the same fitness and acute:chronic ratio as the CLI.
    const status = tempo(["metrics", "status"]);
    await show('[data-testid="status-ctl"]');
    const ctl = numbers(await s.text('[data-testid="status-ctl"]'));
    assert.ok(ctl.includes(Math.round(status.ctl)), `${ctl} vs ${status.ctl}`);
    const acwr = numbers(await s.text('[data-testid="status-acwr"]'));
    assert.ok(acwr.some((v) => Math.abs(v - status.acwr) < 0.011), `${acwr} vs ${status.acwr}`);
    assert.match(await s.text('[data-testid="status-week-count"]'), new RegExp(`^\\s*${status.last_7_days.activities}\\s*$`));
    await s.script("window.scrollTo(0, 0)");
    await screenshot("dashboard-status");

    // Weekly volume, then the mean-max pace curve of two seasons.
    await show('[data-testid="volume-chart"]');
    await s.waitFor('[data-testid="volume-plot"]');
    await screenshot("dashboard-volume");
    await show('[data-testid="mean-max"]');
    await s.script(
      "[...document.querySelectorAll('[data-testid=\"mean-max-kind\"] label')].find(l => /pace|allure/i.test(l.textContent)).click()",
    );
    await s.until(async () => /\/km/.test(await s.text('[data-testid="mean-max-table"]')), "pace bests in min/km");
    await screenshot("dashboard-mean-max");

    // Where the time went, by zone.
    await show('[data-testid="zone-distribution"]');
    await s.until(async () => (await s.script("return document.querySelectorAll('[data-testid=\"zone-dist-row\"]').length")) > 3, "zone rows");
    await screenshot("dashboard-zones");

    // VDOT and predictions match the CLI's.
    const predict = tempo(["metrics", "predict"]);
    await show('[data-testid="thresholds-card"]');
    const vdot = numbers(await s.text('[data-testid="predictions-vdot"]'));
    assert.ok(vdot.includes(predict.vdot), `${vdot} vs ${predict.vdot}`);
    assert.equal(await s.script("return document.querySelectorAll('[data-testid=\"race-row\"]').length"), 4);
    await screenshot("dashboard-predictions");

    // Accept the LTHR and threshold-pace estimates in the app; the CLI sees them.
    const estimates = tempo(["metrics", "estimates"]);
    const lthr = estimates.find((e) => e.measure === "lthr");
    const pace = estimates.find((e) => e.measure === "threshold_pace_s_per_km");
    assert.ok(lthr && pace, JSON.stringify(estimates));
    await show('[data-testid="estimates"]');
    await screenshot("dashboard-estimates");
    await s.click('[data-testid="estimate-accept-lthr"]');
    await s.until(async () => tempo(["profile", "show"]).lthr?.value === lthr.value, "LTHR accepted");
    await s.click('[data-testid="estimate-accept-threshold_pace_s_per_km"]');
    await s.until(async () => tempo(["profile", "show"]).threshold_pace_s_per_km?.value === pace.value, "pace accepted");
    const history = tempo(["profile", "history"]);
    assert.equal(history.find((h) => h.measure === "lthr").source, "estimate");
    await s.until(async () => !(await s.script("return !!document.querySelector('[data-testid=\"estimate-accept-lthr\"]')")), "accepted estimate gone");

    // Accepted estimates take effect today, after the history: dated back
    // with the CLI, they apply to past runs too, which gain rTSS and pace zones.
    tempo(["profile", "set", "--threshold-pace", String(pace.value), "--lthr", String(lthr.value), "--effective", "2020-01-01"]);
    const runs = tempo(["activities", "list", "--text", "Threshold w3"]).activities;
    assert.equal(runs.length, 1);
    const m = tempo(["metrics", "activity", String(runs[0].id)]);
    assert.equal(m.load.metric, "rtss");
    await s.click('[data-testid="nav-activities"]');
    await s.type('[data-testid="filter-text"]', "Threshold w3");
    const row = `[data-testid="activity-row"][data-activity-id="${runs[0].id}"]`;
    await s.waitFor(row);
    await s.click(`${row} td:nth-child(3)`);
    await s.waitFor('[data-testid="activity-metrics"][data-state="ok"]', 30000);
    await s.waitFor('[data-testid="pace-zones"]');
    assert.match(await s.text('[data-testid="metrics-load-value"]'), new RegExp(String(Math.round(m.load.value))));
    await show('[data-testid="metrics-running"]');
    await screenshot("activity-metrics-run");
    await show('[data-testid="pace-zones"]');
    await screenshot("activity-pace-zones");

    // Settings → Training load: fitness over 28 days; the CLI reads the same
    // model, and its series changes with it.
    const before = tempo(["metrics", "status"]).ctl;
    await s.click('[data-testid="nav-settings"]');
    await s.click('[data-testid="settings-tab-training"]');
    await s.type('[data-testid="load-model-ctl"]', "28");
    await s.click('[data-testid="load-model-save"]');
    await s.until(async () => tempo(["metrics", "load-model"]).ctl_days === 28, "load model saved");
    assert.notEqual(tempo(["metrics", "status"]).ctl, before);
    await screenshot("settings-training-load");
  } finally {
    await s.quit();
  }
});
