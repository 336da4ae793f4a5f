// A generated 16-week training history ending yesterday, as 1 Hz GPX files:
// easy runs, a long run, a hard 5 km every other week that gets faster,
// threshold intervals, and rides with power. Dates are relative to today so
// the dashboard's "last 90 days" views have data whenever the test runs.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const M_PER_DEG = 111_195.0; // 1° of latitude on the mean-radius sphere

/** Writes one activity heading north on a meridian; returns its path. */
function gpx(dir, name, sport, start, stretches) {
  const pts = [];
  let t = 0;
  let lat = 45;
  const point = (s) => {
    const time = new Date(start.getTime() + t * 1000).toISOString().replace(/\.\d+Z$/, "Z");
    // Rolling terrain: ±15 m over 2 km, so grade-adjusted pace has work to do.
    const ele = 200 + 15 * Math.sin(((lat - 45) * M_PER_DEG) / 2000);
    const power = s.watts ? `<power>${Math.round(s.watts)}</power>` : "";
    pts.push(
      `<trkpt lat="${lat.toFixed(8)}" lon="6.0"><ele>${ele.toFixed(1)}</ele><time>${time}</time>` +
        `<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>${Math.round(s.hr)}</gpxtpx:hr></gpxtpx:TrackPointExtension>${power}</extensions></trkpt>`,
    );
  };
  point(stretches[0]);
  for (const s of stretches) {
    for (let i = 0; i < s.seconds; i++) {
      t += 1;
      lat += s.speed / M_PER_DEG;
      point(s);
    }
  }
  const doc =
    `<?xml version="1.0"?><gpx version="1.1" creator="tempo-e2e" xmlns="http://www.topografix.com/GPX/1/1" ` +
    `xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"><trk><name>${name}</name><type>${sport}</type><trkseg>\n` +
    pts.join("\n") +
    "\n</trkseg></trk></gpx>";
  const file = path.join(dir, `${name.replace(/[^a-z0-9-]+/gi, "-")}.gpx`);
  writeFileSync(file, doc);
  return file;
}

const run = (seconds, speed, hr) => ({ seconds, speed, hr });
const ride = (seconds, speed, hr, watts) => ({ seconds, speed, hr, watts });

/** Writes the history into `dir`; returns the number of files. */
export function writeHistory(dir) {
  mkdirSync(dir, { recursive: true });
  const today = new Date();
  today.setUTCHours(7, 0, 0, 0);
  const day = (ago) => new Date(today.getTime() - ago * 86_400_000);
  let n = 0;
  for (let week = 15; week >= 0; week--) {
    const base = week * 7 + 1; // the week's Sunday, counting back from yesterday
    const fitter = (15 - week) * 0.012; // a little faster every week
    gpx(dir, `Easy run w${week}a`, "running", day(base + 5), [run(2700, 2.9 + fitter, 142)]);
    gpx(dir, `Easy run w${week}b`, "running", day(base + 3), [run(2400, 3.0 + fitter, 145)]);
    gpx(dir, `Long run w${week}`, "running", day(base), [run(5400, 2.85 + fitter, 148), run(900, 3.1 + fitter, 158)]);
    n += 3;
    if (week % 2 === 0) {
      const v = 4.0 + fitter * 1.5;
      gpx(dir, `5 km race w${week}`, "running", day(base + 1), [
        run(900, 2.9, 140),
        run(Math.round(5000 / v), v, 176),
        run(600, 2.6, 135),
      ]);
    } else {
      gpx(dir, `Threshold w${week}`, "running", day(base + 1), [
        run(900, 2.9, 140),
        run(600, 3.9 + fitter, 168),
        run(120, 2.5, 140),
        run(600, 3.9 + fitter, 170),
        run(120, 2.5, 140),
        run(600, 3.9 + fitter, 171),
        run(600, 2.7, 138),
      ]);
    }
    gpx(dir, `Ride w${week}`, "cycling", day(base + 2), [
      ride(1200, 8, 125, 170),
      ride(300, 9, 165, 300 + week),
      ride(600, 8, 140, 190),
      ride(1200, 9, 160, 245),
      ride(180, 10, 172, 330),
      ride(1800, 8, 135, 180),
    ]);
    n += 2;
  }
  return n;
}
