// What the dashboard's uPlot charts share: the axis and grid colours of the
// colour scheme, and a chart that follows its container's width.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

/** Axis labels and grid lines, readable on the light and the dark scheme. */
export function plotColors(scheme: "light" | "dark"): { axis: string; grid: string } {
  return scheme === "dark" ? { axis: "#c1c2c5", grid: "rgba(255,255,255,0.08)" } : { axis: "#495057", grid: "rgba(0,0,0,0.07)" };
}

/**
 * Draws a chart in `el`, resized to the element's width whenever it changes
 * (the height stays `opts.height`); returns what removes it, for an effect's cleanup.
 */
export function mountPlot(opts: uPlot.Options, data: uPlot.AlignedData, el: HTMLElement): () => void {
  const u = new uPlot(opts, data, el);
  const ro = new ResizeObserver(() => {
    const w = el.clientWidth;
    if (w > 0 && w !== u.width) u.setSize({ width: w, height: opts.height });
  });
  ro.observe(el);
  return () => {
    ro.disconnect();
    u.destroy();
  };
}
