// Measures (does not judge) cold start to first meaningful paint and idle
// memory of the real app; the figures are printed as test diagnostics and
// quoted in docs/benchmarks.md. Only "it started and rendered" is asserted.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { Session, sleep } from "./webdriver.mjs";

const APP = process.env.APP_BIN;

function memoryKiB(pattern) {
  let pids = [];
  try {
    pids = execFileSync("pgrep", ["-f", pattern]).toString().trim().split("\n").filter(Boolean);
  } catch {
    return { rss: 0, pss: 0, processes: 0 };
  }
  let rss = 0;
  let pss = 0;
  for (const pid of pids) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      rss += Number(/^Rss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      pss += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
    } catch {
      // the process ended between pgrep and the read
    }
  }
  return { rss, pss, processes: pids.length };
}

test("startup: time to first paint and idle memory (measured)", async (t) => {
  const started = performance.now();
  const s = await Session.start(APP);
  try {
    await s.waitFor('[data-testid="dashboard-greeting"]', 30000);
    const firstPaintMs = Math.round(performance.now() - started);
    await sleep(5000);
    const app = memoryKiB("target/.*/tempo-app");
    const web = memoryKiB("WebKit(Web|Network)Process");
    assert.ok(app.processes >= 1, "app process not found");
    t.diagnostic(`start-to-dashboard ${firstPaintMs} ms (WebDriver session + app start + first render)`);
    t.diagnostic(`idle memory after 5 s: app RSS ${Math.round(app.rss / 1024)} MiB, PSS ${Math.round(app.pss / 1024)} MiB; WebKit processes (${web.processes}) RSS ${Math.round(web.rss / 1024)} MiB, PSS ${Math.round(web.pss / 1024)} MiB`);
  } finally {
    await s.quit();
  }
});
