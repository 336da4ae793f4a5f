// The goal wizard to a plan: fill the six steps, create the plan, see the
// calendar and a structured workout, move it, export the plan as ICS through
// the real GTK save dialog; the CLI reads the same plan from the database.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { Session, cli, screenshot, sleep } from "./webdriver.mjs";

const APP = process.env.APP_BIN;

const iso = (d) => d.toISOString().slice(0, 10);

/** Sets a React-controlled input (date inputs take no typed keys in WebKitGTK). */
async function setValue(s, css, value) {
  await s.waitFor(css);
  await s.script(
    `const el = document.querySelector(arguments[0]);
     const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
     set.call(el, arguments[1]);
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

/** Answers the GTK save dialog with a full path. */
async function saveAs(file) {
  let win = "";
  for (let i = 0; i < 100 && !win; i++) {
    await sleep(100);
    try {
      win = execFileSync("xdotool", ["search", "--onlyvisible", "--name", "Save|Enregistrer"]).toString().trim().split("\n").pop();
    } catch {
      win = "";
    }
  }
  assert.ok(win, "the save dialog did not open");
  execFileSync("xdotool", ["windowfocus", "--sync", win]);
  await sleep(300);
  execFileSync("xdotool", ["key", "ctrl+a"]);
  execFileSync("xdotool", ["type", "--delay", "5", file]);
  await sleep(300);
  execFileSync("xdotool", ["key", "Return"]);
}

test("plan: the goal wizard builds a plan; a workout moves; the plan exports as ICS; the dashboard shows the next session", async () => {
  const db = path.join(mkdtempSync(path.join(tmpdir(), "tempo-db-")), "tempo.db");
  const tempo = (args) => cli([...args, "--db", db]);
  tempo(["profile", "set", "--max-hr", "190", "--threshold-pace", "4:40", "--effective", "2020-01-01"]);
  // A Sunday about ten weeks away.
  const race = new Date();
  race.setUTCDate(race.getUTCDate() + 70 + ((7 - race.getUTCDay()) % 7));

  const s = await Session.start(APP, ["--db", db]);
  try {
    await s.click('[data-testid="nav-plan"]');
    await s.waitFor('[data-testid="goal-wizard"]');
    await s.click('[data-testid="goal-kind-ten_k"]');
    await screenshot("plan-wizard-goal");
    await s.click('[data-testid="wizard-next"]');

    await setValue(s, '[data-testid="goal-race-date"]', iso(race));
    await s.type('[data-testid="goal-target-time"]', "45:00");
    await s.click('[data-testid="wizard-next"]');

    await s.click('[data-testid="level-source-declared"]');
    await s.type('[data-testid="level-weekly-km"]', "30");
    await s.type('[data-testid="level-longest-km"]', "12");
    await s.type('[data-testid="level-years"]', "3");
    await s.click('[data-testid="wizard-next"]');
    await s.waitFor('[data-testid="day-Mon"]');
    await screenshot("plan-wizard-days");
    await s.click('[data-testid="wizard-next"]');
    await s.waitFor('[data-testid="pref-intensity"]');
    await s.click('[data-testid="wizard-next"]');

    // Review: the live check, then create.
    await s.waitFor('[data-testid="create-plan"]');
    await s.type('[data-testid="plan-name"]', "Autumn 10k");
    await sleep(800);
    await screenshot("plan-wizard-review");
    await press(s, '[data-testid="create-plan"]');
    await s.waitFor('[data-testid="plan-view"]', 20000);

    // The CLI sees the same active plan, ending with the race.
    const plan = tempo(["plan", "show"]);
    assert.equal(plan.goal_name, "Autumn 10k");
    assert.equal(plan.workouts.at(-1).workout.date, iso(race));
    assert.equal(plan.workouts.at(-1).workout.kind, "race");
    await s.until(async () => (await s.script("return document.querySelectorAll('[data-testid=\"planned-workout\"]').length")) > 2, "workouts in the calendar");
    await screenshot("plan-calendar");

    // A quality workout: its structured steps and intensity chart.
    const quality = plan.workouts.find((w) => ["threshold", "intervals", "hills", "strides"].includes(w.workout.kind) && w.status === "planned");
    assert.ok(quality, "a planned quality workout");
    const card = `[data-testid="planned-workout"][data-id="${quality.id}"]`;
    await s.script(
      `const w = document.querySelector(arguments[0]);
       if (!w) { const n = document.querySelector('[data-testid="calendar-next"]'); n && n.click(); }`,
      [card],
    );
    await s.until(async () => s.script("return !!document.querySelector(arguments[0])", [card]), "the workout in view", 10000);
    await s.click(card);
    await s.waitFor('[data-testid="workout-drawer"]');
    await s.waitFor('[data-testid="workout-steps-chart"]');
    await sleep(700); // the drawer slides in
    await screenshot("plan-workout");

    // Move it one day later from the drawer; the database agrees.
    const to = new Date(`${quality.workout.date}T12:00:00Z`);
    to.setUTCDate(to.getUTCDate() + 1);
    await setValue(s, '[data-testid="workout-move-date"]', iso(to));
    await press(s, '[data-testid="workout-move"]');
    await s.until(
      async () => tempo(["plan", "show"]).workouts.find((w) => w.id === quality.id)?.workout.date === iso(to),
      "workout moved",
    );
    // Close the drawer with its button (a synthetic Escape on the document does not reach it).
    await press(s, '.mantine-Drawer-close');
    await s.until(async () => !(await s.script("return !!document.querySelector('[data-testid=\"workout-drawer\"]')")), "drawer closed", 10000);

    // Export the plan as a calendar file through the save dialog.
    const file = path.join(mkdtempSync(path.join(tmpdir(), "tempo-ics-")), "autumn-10k.ics");
    await press(s, '[data-testid="export-ics"]');
    await saveAs(file);
    await s.until(async () => existsSync(file), "ICS written", 15000);
    const ics = readFileSync(file, "utf8");
    assert.ok(ics.startsWith("BEGIN:VCALENDAR\r\n"), ics.slice(0, 80));
    assert.equal((ics.match(/BEGIN:VEVENT/g) ?? []).length, plan.workouts.length);
    await s.waitFor('[data-testid="export-saved"]');
    await screenshot("plan-exported");

    // The dashboard shows the plan's next session (by the database), and its
    // link opens that session in the plan.
    const now = new Date();
    const today = iso(new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate())));
    const upcoming = tempo(["plan", "show"])
      .workouts.filter((w) => w.status === "planned" && w.workout.date >= today)
      .sort((a, b) => a.workout.date.localeCompare(b.workout.date))[0];
    assert.ok(upcoming, "a session to come");
    await press(s, '[data-testid="nav-dashboard"]');
    const next = '[data-testid="next-session-workout"]';
    await s.waitFor(next);
    assert.equal(await s.script("return document.querySelector(arguments[0]).dataset.id", [next]), String(upcoming.id));
    await sleep(500);
    await screenshot("dashboard-next-session");
    await press(s, '[data-testid="next-session-open"]');
    await s.waitFor('[data-testid="workout-drawer"]');
    assert.equal(await s.script("return document.querySelector('[data-testid=\"workout-drawer\"]').dataset.id"), String(upcoming.id));
  } finally {
    await s.quit();
  }
});
