// A tiny W3C WebDriver client over fetch: enough to drive the real Tempo window
// through tauri-driver (which forwards to WebKitWebDriver).
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";

const DRIVER = "http://127.0.0.1:4444";
const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

async function call(method, url, body) {
  const res = await fetch(`${DRIVER}${url}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    const err = new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json.value ?? json)}`);
    err.webdriver = json.value;
    throw err;
  }
  return json.value;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class Session {
  static async start(application, args = []) {
    const value = await call("POST", "/session", {
      capabilities: { alwaysMatch: { "tauri:options": { application, args } } },
    });
    return new Session(value.sessionId);
  }

  constructor(id) {
    this.id = id;
  }

  async quit() {
    await call("DELETE", `/session/${this.id}`);
  }

  async find(css) {
    const value = await call("POST", `/session/${this.id}/element`, { using: "css selector", value: css });
    const id = value[ELEMENT];
    if (!id) throw new Error(`no element id in ${JSON.stringify(value)}`);
    return id;
  }

  /** Waits until `css` matches an element and returns it. */
  async waitFor(css, timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs;
    let last;
    while (Date.now() < deadline) {
      try {
        return await this.find(css);
      } catch (e) {
        last = e;
        await sleep(100);
      }
    }
    throw new Error(`timed out waiting for ${css}: ${last?.message}`);
  }

  async click(css) {
    const el = await this.waitFor(css);
    await call("POST", `/session/${this.id}/element/${el}/click`, {});
  }

  /** Replaces the content of an input as a user would: select all, type. */
  async type(css, text) {
    const el = await this.waitFor(css);
    await call("POST", `/session/${this.id}/element/${el}/clear`, {});
    await call("POST", `/session/${this.id}/element/${el}/value`, { text });
  }

  async text(css) {
    const el = await this.waitFor(css);
    return call("GET", `/session/${this.id}/element/${el}/text`);
  }

  async value(css) {
    const el = await this.waitFor(css);
    return call("GET", `/session/${this.id}/element/${el}/property/value`);
  }

  async exists(css) {
    const found = await this.script("return document.querySelector(arguments[0]) !== null", [css]);
    return found === true;
  }

  async script(script, args = []) {
    return call("POST", `/session/${this.id}/execute/sync`, { script, args });
  }

  /** Polls `fn` until it returns a truthy value. */
  async until(fn, what, timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs;
    let last;
    while (Date.now() < deadline) {
      try {
        const v = await fn();
        if (v) return v;
      } catch (e) {
        last = e;
      }
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ""}`);
  }
}

/**
 * Screenshot of the whole X display. WebDriver's own screenshot can show a
 * stale first paint under Xvfb, so we ask the X server instead.
 */
export async function screenshot(name) {
  const dir = process.env.SCREENSHOT_DIR;
  mkdirSync(dir, { recursive: true });
  await sleep(400); // let the last frame reach the X server
  const file = path.join(dir, `${name}.png`);
  execFileSync("import", ["-window", "root", "-crop", "1280x800+0+0", "+repage", file]);
  return file;
}

/** Runs the `tempo` CLI against the same data folder as the app. */
export function cli(args) {
  const out = execFileSync(process.env.CLI_BIN, [...args, "--json"], {
    env: { ...process.env, TEMPO_DATA_DIR: process.env.TEMPO_DATA_DIR },
  });
  return JSON.parse(out.toString());
}
