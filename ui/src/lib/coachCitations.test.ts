import { describe, expect, it } from "vitest";
import { type Citation, linkCitations } from "./coach";

const cites: Citation[] = [
  { kind: "knowledge", id: "tapering", title: "Tapering", detail: null },
  { kind: "activity", id: "12", title: "Long run", detail: "2026-12-01" },
  { kind: "metric", id: "load", title: "Training load", detail: null },
];

describe("linkCitations", () => {
  it("numbers the markers after the chips and links them", () => {
    expect(linkCitations("Taper [kb:tapering]. Your run [activity:12].", cites)).toBe(
      "Taper [(1)](/knowledge/tapering). Your run [(2)](/activities/12).",
    );
  });
  it("keeps a metric as a plain number and splits lists of markers", () => {
    expect(linkCitations("See [metric:load, kb:tapering]", cites)).toBe("See (3) [(1)](/knowledge/tapering)");
  });
  it("drops markers the answer does not cite, and leaves other brackets alone", () => {
    expect(linkCitations("Made up [kb:nowhere] and [activity:99]; a [note] stays.", cites)).toBe(
      "Made up  and ; a [note] stays.",
    );
  });
});
