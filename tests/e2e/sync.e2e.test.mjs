// Sync in the real app: Settings → Accounts connects intervals.icu (a small
// fake of its API started here, which TEMPO_SYNC_INTERVALS_URL points the
// app at: see run.sh), "Sync now" brings the history in with its progress,
// the app frame's indicator appears, and the CLI sees the same account and
// activities. The key goes to the keychain, never back to the page.
import assert from "node:assert/strict";
import http from "node:http";
import { test } from "node:test";
import { Session, cli, screenshot, sleep } from "./webdriver.mjs";

const APP = process.env.APP_BIN;
const KEY = "e2e-intervals-key-7f3a";

async function setValue(s, css, value) {
  await s.waitFor(css);
  await s.script(
    `const el = document.querySelector(arguments[0]);
     Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(el, arguments[1]);
     el.dispatchEvent(new Event('input', { bubbles: true }));`,
    [css, value],
  );
}

async function press(s, css) {
  await s.waitFor(css);
  await s.script("const el = document.querySelector(arguments[0]); el.scrollIntoView({ block: 'center' }); el.click();", [css]);
}

/** A running GPX recording of `minutes` starting at `start`. */
function gpx(start, minutes) {
  let pts = "";
  for (let i = 0; i <= minutes * 60; i += 5) {
    const t = new Date(start.getTime() + i * 1000).toISOString().replace(".000", "");
    pts += `<trkpt lat="${(46 + i * 0.000025).toFixed(6)}" lon="7.000000"><time>${t}</time></trkpt>`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="e2e" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>Run</name><type>running</type><trkseg>${pts}</trkseg></trk></gpx>`;
}

/** intervals.icu's API, as much of it as a sync uses, with basic auth. */
function fakeIntervals(port) {
  const now = Date.now();
  const runs = [1, 3, 6].map((daysAgo, i) => {
    const start = new Date(Math.floor((now - daysAgo * 86400e3) / 1000) * 1000);
    const iso = start.toISOString().replace(".000", "");
    return {
      json: { id: `i90${i}`, start_date: iso, start_date_local: iso.replace("Z", ""), type: "Run", name: `Easy run ${i + 1}`, source: "UPLOAD", file_type: "gpx", distance: 3000, elapsed_time: 1200 },
      file: gpx(start, 20),
    };
  });
  const requests = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    requests.push(url.pathname);
    const auth = req.headers.authorization ?? "";
    if (auth !== `Basic ${Buffer.from(`API_KEY:${KEY}`).toString("base64")}`) {
      res.writeHead(401, { "content-type": "application/json" });
      return res.end(JSON.stringify({ status: 401, error: "Unauthorized" }));
    }
    const json = (v) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(v));
    };
    if (url.pathname === "/api/v1/athlete/i4242") return json({ id: "i4242", name: "E2E Runner" });
    if (url.pathname === "/api/v1/athlete/i4242/activities") {
      const oldest = url.searchParams.get("oldest") ?? "0000";
      const newest = url.searchParams.get("newest") ?? "9999";
      const limit = Number(url.searchParams.get("limit") ?? 1e9);
      const day = (r) => r.json.start_date_local.slice(0, 10);
      return json(runs.filter((r) => day(r) >= oldest && day(r) <= newest).map((r) => r.json).slice(0, limit));
    }
    const file = url.pathname.match(/^\/api\/v1\/activity\/(i\d+)\/file$/);
    if (file) {
      const run = runs.find((r) => r.json.id === file[1]);
      res.writeHead(200, { "content-type": "application/octet-stream" });
      return res.end(run.file);
    }
    if (url.pathname === "/api/v1/athlete/i4242/wellness") return json([]);
    res.writeHead(404, { "content-type": "application/json" });
    res.end("{}");
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve({ server, requests })));
}

test("sync: connect intervals.icu in Settings → Accounts, sync now, the indicator and the CLI agree", async () => {
  const base = process.env.TEMPO_SYNC_INTERVALS_URL;
  assert.ok(base, "run.sh sets TEMPO_SYNC_INTERVALS_URL");
  const fake = await fakeIntervals(Number(new URL(base).port));
  const s = await Session.start(APP);
  try {
    await s.waitFor('[data-testid="nav-coach"]', 30000);
    await s.script("location.hash = '#/settings/accounts'; location.reload();");
    await s.waitFor('[data-testid="account-card"][data-provider="intervals_icu"]', 30000);
    await sleep(500);
    await screenshot("settings-accounts");

    await press(s, '[data-testid="account-card"][data-provider="intervals_icu"] [data-testid="account-connect"]');
    await setValue(s, '[data-testid="intervals-athlete-id"]', "i4242");
    await setValue(s, '[data-testid="intervals-api-key"]', KEY);
    await screenshot("settings-accounts-intervals");
    await press(s, '[data-testid="intervals-connect"]');
    try {
      await s.waitFor('[data-testid="account-card"][data-provider="intervals_icu"][data-connected="true"]', 20000);
    } catch (e) {
      const card = await s.script("return document.querySelector('[data-testid=\"account-card\"][data-provider=\"intervals_icu\"]').innerText;");
      throw new Error(`${e.message}\n${card}\nrequests: ${fake.requests.join(" ")}`);
    }
    const page = await s.script("return document.body.innerHTML;");
    assert.ok(!page.includes(KEY), "the key is not shown back");

    await press(s, '[data-testid="account-card"][data-provider="intervals_icu"] [data-testid="account-sync"]');
    await s.until(
      async () =>
        (await s.script(
          "const el = document.querySelector('[data-testid=\"account-card\"][data-provider=\"intervals_icu\"] [data-testid=\"account-activities\"]'); return el && el.textContent.trim();",
        )) === "3",
      "three activities synced",
      60000,
    );
    await s.waitFor('[data-testid="sync-indicator"]', 20000);
    await sleep(800);
    await screenshot("settings-accounts-synced");

    // The CLI reads the same account and activities.
    const accounts = cli(["accounts", "list"]);
    const intervals = accounts.find((a) => a.provider === "intervals_icu");
    assert.equal(intervals.connected, true);
    assert.equal(intervals.account_name, "E2E Runner");
    assert.equal(intervals.activities, 3);
    assert.ok(!JSON.stringify(accounts).includes(KEY));
    const list = cli(["activities", "list"]);
    assert.equal(list.activities.length, 3);
    assert.ok(fake.requests.filter((p) => p.endsWith("/file")).length === 3, fake.requests.join(" "));

    // Disconnect: the account shows disconnected, the activities stay.
    await press(s, '[data-testid="account-card"][data-provider="intervals_icu"] [data-testid="account-disconnect"]');
    await press(s, '[data-testid="disconnect-confirm"]');
    await s.waitFor('[data-testid="account-card"][data-provider="intervals_icu"][data-connected="false"]', 20000);
    assert.equal(cli(["activities", "list"]).activities.length, 3);
  } finally {
    await s.quit();
    fake.server.close();
  }
});
