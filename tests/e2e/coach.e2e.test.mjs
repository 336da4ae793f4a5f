// The coach in the real app: the grounded answer on a fresh install (no
// model), then a model streaming its answer token by token from a small
// OpenAI-compatible server started here, with a citation chip that opens the
// knowledge page; Settings → Coach and the usage view. The CLI checks what
// was stored.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { Session, cli, screenshot, sleep } from "./webdriver.mjs";

const APP = process.env.APP_BIN;

/** Sets a React-controlled textarea or input. */
async function setValue(s, css, value) {
  await s.waitFor(css);
  await s.script(
    `const el = document.querySelector(arguments[0]);
     const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
     Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, arguments[1]);
     el.dispatchEvent(new Event('input', { bubbles: true }));`,
    [css, value],
  );
}

async function press(s, css) {
  await s.waitFor(css);
  await s.script("const el = document.querySelector(arguments[0]); el.scrollIntoView({ block: 'center' }); el.click();", [css]);
}

const text = (s, css) =>
  s.script("const el = document.querySelector(arguments[0]); return el ? el.textContent : null;", [css]);

/**
 * An OpenAI-compatible chat server that streams its answer slowly, one word
 * every 250 ms, and cites the first knowledge passage it was given (so the
 * citation is one the coach can check).
 */
function fakeModel() {
  const bodies = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", async () => {
      if (req.url.endsWith("/models")) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ object: "list", data: [{ id: "fake-coach", object: "model" }] }));
        return;
      }
      const body = JSON.parse(raw);
      bodies.push(body);
      // The question's own message: the system prompt shows a marker as an example.
      const prompt = body.messages[body.messages.length - 1].content;
      const cite = (prompt.match(/\[kb:[a-z0-9-]+\]/) ?? ["[kb:unknown]"])[0];
      const words = `Keep most of your running easy: an easy pace builds the aerobic base ${cite}. Add one quality session a week.`.split(" ");
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      const chunk = (delta, extra = {}) =>
        res.write(`data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", model: "fake-coach", choices: [{ index: 0, delta, finish_reason: null, ...extra }] })}\n\n`);
      chunk({ role: "assistant", content: "" });
      for (const [i, w] of words.entries()) {
        chunk({ content: (i ? " " : "") + w });
        await sleep(250);
      }
      res.write(`data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", model: "fake-coach", choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\n`);
      res.write(`data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", model: "fake-coach", choices: [], usage: { prompt_tokens: 812, completion_tokens: words.length } })}\n\n`);
      res.end("data: [DONE]\n\n");
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, bodies, port: server.address().port })));
}

test("coach: a grounded answer with no model, then a model streaming with a citation", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "tempo-coach-"));
  const db = path.join(dir, "tempo.db");
  const tempo = (args) => cli([...args, "--db", db]);
  // A little history: thresholds and two runs entered by hand.
  tempo(["profile", "set", "--max-hr", "188", "--resting-hr", "50", "--lthr", "170"]);
  for (const [date, km] of [["2026-01-01T07:00", 8], ["2026-01-03T07:00", 12]]) {
    tempo(["activities", "add", "--sport", "running", "--start", date, "--duration", "50", "--distance-km", String(km), "--avg-hr", "148"]);
  }
  const fake = await fakeModel();
  const s = await Session.start(APP, ["--db", db]);
  try {
    await s.waitFor('[data-testid="nav-coach"]', 30000);
    await press(s, '[data-testid="nav-coach"]');
    await s.waitFor('[data-testid="coach-page"]', 20000);
    await s.waitFor('[data-testid="coach-suggested-question"]', 20000);
    await screenshot("coach-empty");

    // No model on a fresh install: the grounded answer, never a dead end.
    await setValue(s, '[data-testid="coach-input"] textarea, textarea[data-testid="coach-input"]', "How do I build an aerobic base?");
    await press(s, '[data-testid="coach-send"]');
    await s.waitFor('[data-testid="coach-answer"] [data-testid="coach-grounded"]', 60000);
    await s.waitFor('[data-testid="coach-answer"] [data-testid="citation-chip"]', 10000);
    const grounded = await text(s, '[data-testid="coach-answer"]');
    assert.match(grounded, /Written without a language model/);
    await sleep(500);
    await screenshot("coach-grounded");

    // A model on this computer (an OpenAI-compatible server): set with the CLI,
    // read by the app at the next question.
    tempo(["coach", "configure", "--active", "openai_compatible", "--base-url", `http://127.0.0.1:${fake.port}/v1`, "--model", "fake-coach"]);
    await s.script("location.hash = '#/coach'; location.reload();");
    await s.waitFor('[data-testid="coach-page"]', 20000);
    await setValue(s, '[data-testid="coach-input"] textarea, textarea[data-testid="coach-input"]', "How should I pace my easy runs?");
    await press(s, '[data-testid="coach-send"]');
    // Tokens arrive while the server is still writing: part of the answer,
    // then more of it, before the end.
    await s.waitFor('[data-testid="coach-streaming"]', 20000);
    await s.until(async () => /easy pace/.test((await text(s, '[data-testid="coach-streaming"]')) ?? ""), "a partial answer", 20000);
    const partial = await text(s, '[data-testid="coach-streaming"]');
    assert.doesNotMatch(partial, /quality session/, "the answer is still streaming");
    await screenshot("coach-streaming");
    await s.waitFor('[data-testid="coach-answer"] [data-testid="coach-answer-meta"]', 30000);
    await s.until(
      async () => s.script("return document.querySelectorAll('[data-testid=\"coach-answer\"]').length >= 1 && /quality session/.test(document.body.textContent)"),
      "the whole answer",
      20000,
    );
    await sleep(500);
    await screenshot("coach-answer");
    const meta = await s.script(
      "const m = document.querySelectorAll('[data-testid=\"coach-answer-meta\"]'); return m[m.length - 1].textContent;",
    );
    assert.match(meta, /fake-coach/);
    // The request carried the athlete's context and passages.
    const sent = JSON.stringify(fake.bodies[0]);
    assert.match(sent, /athlete_data/);
    assert.match(sent, /\[kb:/);

    // The model cited one passage it was given: one chip, for that page.
    const chips = await s.script(
      "const c = document.querySelectorAll('[data-testid=\"coach-answer\"]'); return c[c.length - 1].querySelectorAll('[data-testid=\"citation-chip\"]').length;",
    );
    assert.equal(chips, 1);
    // In the text, the marker became a numbered link to that chip.
    const last = await s.script(
      "const c = document.querySelectorAll('[data-testid=\"coach-answer\"]'); const a = c[c.length - 1]; return { text: a.textContent, links: [...a.querySelectorAll('a')].map((l) => l.textContent) };",
    );
    assert.doesNotMatch(last.text, /\[kb:/);
    assert.ok(last.links.includes("(1)"), JSON.stringify(last.links));

    // The citation chip opens the knowledge page it names.
    await s.script(
      "const c = document.querySelectorAll('[data-testid=\"coach-answer\"]'); const last = c[c.length - 1]; last.querySelector('[data-testid=\"citation-chip\"]').click();",
    );
    await s.waitFor('[data-testid="kb-page-title"]', 20000);
    await sleep(500);
    await screenshot("coach-citation-page");

    // Stored: two conversations, the second answered by the model.
    const list = tempo(["coach", "conversations", "list"]);
    assert.equal(list.length, 2);
    const conv = tempo(["coach", "conversations", "show", String(list[0].id)]);
    const answer = conv.messages.find((m) => m.role === "assistant");
    assert.equal(answer.model, "fake-coach");
    assert.equal(answer.usage.prompt_tokens, 812);
    assert.ok(answer.citations.some((c) => c.kind === "knowledge"));

    // Usage view and Settings → Coach.
    await s.script("location.hash = '#/coach?view=usage'; location.reload();");
    await s.waitFor('[data-testid="coach-usage-row"]', 20000);
    await sleep(800);
    await screenshot("coach-usage");
    await s.script("location.hash = '#/settings/coach'; location.reload();");
    await s.waitFor('[data-testid="coach-settings-save"]', 20000);
    await sleep(800);
    await screenshot("settings-coach");
  } finally {
    await s.quit();
    fake.server.close();
  }
});
