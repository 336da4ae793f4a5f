import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach, vi } from "vitest";
import "../i18n";

// findBy… and waitFor return as soon as what they wait for is there; the
// default 1 s limit only bites on a loaded CI machine, where a lazily loaded
// page can take longer than that to appear.
configure({ asyncUtilTimeout: 5000 });

// jsdom has no canvas: charts get a stand-in that records what they were given.
vi.mock("uplot", () => import("./uplotMock"));

// jsdom lacks a few browser APIs that Mantine uses.
if (!window.matchMedia) {
  Object.defineProperty(window, "matchMedia", {
    writable: true,
    value: vi.fn().mockImplementation((query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: vi.fn(),
      removeListener: vi.fn(),
      addEventListener: vi.fn(),
      removeEventListener: vi.fn(),
      dispatchEvent: vi.fn(),
    })),
  });
}

class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
window.ResizeObserver ??= ResizeObserverStub as unknown as typeof ResizeObserver;
// Textarea's autosize listens for web fonts loading.
if (!("fonts" in document)) {
  Object.defineProperty(document, "fonts", { value: { addEventListener: () => {}, removeEventListener: () => {} } });
}
Element.prototype.scrollIntoView ??= () => {};
window.HTMLElement.prototype.scrollTo ??= () => {};

afterEach(async () => {
  cleanup();
  (await import("./uplotMock")).FakeUPlot.instances.length = 0;
  window.localStorage.clear();
});
