// jsdom has no canvas, so uPlot is replaced in tests by this stand-in, which keeps
// what each chart was given (options, data) and acts out its scale API.
import { waitFor } from "@testing-library/react";
import type uPlot from "uplot";
import { expect } from "vitest";

export class FakeUPlot {
  static instances: FakeUPlot[] = [];
  opts: uPlot.Options;
  data: uPlot.AlignedData;
  root: HTMLElement;
  width: number;
  scales: Record<string, { min?: number; max?: number }> = {};
  cursor: { idx: number | null } = { idx: null };
  destroyed = false;

  constructor(opts: uPlot.Options, data: uPlot.AlignedData, target: HTMLElement) {
    this.opts = opts;
    this.data = data;
    this.width = opts.width;
    this.root = document.createElement("div");
    this.root.className = "uplot-fake";
    target.appendChild(this.root);
    const x = data[0] as number[];
    this.scales.x = { min: x[0], max: x[x.length - 1] };
    FakeUPlot.instances.push(this);
  }

  setScale(key: string, limits: { min: number; max: number }) {
    this.scales[key] = { ...limits };
    for (const h of this.opts.hooks?.setScale ?? []) h?.(this as unknown as uPlot, key);
  }

  /** What a mouse move over the plot does: move the cursor to row `idx`. */
  moveCursor(idx: number | null) {
    this.cursor.idx = idx;
    for (const h of this.opts.hooks?.setCursor ?? []) h?.(this as unknown as uPlot);
  }

  /** What the legend shows for `series` at row `idx` (its `value` formatter, as uPlot calls it). */
  legendAt(series: number, idx: number): string {
    const value = this.opts.series[series].value as (u: uPlot, v: number | null, si: number, idx: number | null) => string;
    return value(this as unknown as uPlot, (this.data[series] as (number | null)[])[idx], series, idx);
  }

  setSize({ width }: { width: number; height: number }) {
    this.width = width;
  }

  destroy() {
    this.destroyed = true;
    this.root.remove();
  }
}

/** The chart drawn last (uPlot is built in an effect, which may run just after the DOM shows). */
export async function lastPlot(): Promise<FakeUPlot> {
  await waitFor(() => expect(FakeUPlot.instances.length).toBeGreaterThan(0));
  return FakeUPlot.instances.at(-1)!;
}

export default FakeUPlot;
