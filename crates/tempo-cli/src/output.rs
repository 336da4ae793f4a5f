//! Printing results: JSON for scripts, aligned text for people.

use std::io::Write;

use serde::Serialize;
use tempo_api::activities::{
    ActivityDetailDto, ActivityList, ImportProgress, ImportSummary, StreamsDto, TotalsDto,
};
use tempo_api::diagnostics::Diagnostics;
use tempo_api::kb::{KbIndexInfo, KbPage, KbPageSummary, KbSearchMode, KbSearchResult};
use tempo_api::profile::{DatedValue, MeasureEntry, ProfileDto};
use tempo_api::{AppError, ErrorCode};

pub(crate) fn emit(text: &str) -> Result<(), AppError> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("cannot write output: {e}")))
}

pub(crate) fn json(value: &impl Serialize) -> Result<(), AppError> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("cannot encode JSON: {e}")))?;
    emit(&text)
}

/// A unit enum's name as it appears in the JSON output (`max_hr`, `fr`…), so
/// text and JSON spell values the same way.
fn wire_name(value: &impl Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Reports an error on stderr.
pub fn error(e: &AppError, as_json: bool) {
    if as_json {
        let body = serde_json::json!({ "error": e });
        eprintln!("{body}");
    } else {
        eprintln!("error[{}]: {}", e.code.as_str(), e.message);
    }
}

fn measure_line(label: &str, value: Option<&DatedValue>, show: impl Fn(f64) -> String) -> String {
    match value {
        Some(d) => format!("{label:<16} {:<10} since {}", show(d.value), d.effective),
        None => format!("{label:<16} -"),
    }
}

pub fn profile(p: &ProfileDto, as_json: bool) -> Result<(), AppError> {
    if as_json {
        return json(p);
    }
    let num = |unit: &'static str| move |v: f64| format!("{v} {unit}");
    let lines = [
        format!("{:<16} {}", "name", p.name.as_deref().unwrap_or("-")),
        format!(
            "{:<16} {}",
            "sex",
            p.sex
                .map_or("-".to_owned(), |s| format!("{s:?}").to_lowercase())
        ),
        format!(
            "{:<16} {}",
            "birth year",
            p.birth_year.map_or("-".to_owned(), |y| y.to_string())
        ),
        measure_line("weight", p.weight_kg.as_ref(), num("kg")),
        measure_line("height", p.height_cm.as_ref(), num("cm")),
        measure_line("max HR", p.max_hr.as_ref(), num("bpm")),
        measure_line("resting HR", p.resting_hr.as_ref(), num("bpm")),
        measure_line("LTHR", p.lthr.as_ref(), num("bpm")),
        measure_line("FTP", p.ftp_w.as_ref(), num("W")),
        measure_line("threshold pace", p.threshold_pace_s_per_km.as_ref(), |v| {
            format!("{}/km", tempo_domain::format_pace(v))
        }),
        measure_line("VMA", p.vma_kmh.as_ref(), num("km/h")),
    ];
    emit(&lines.join("\n"))
}

pub fn history(entries: &[MeasureEntry], as_json: bool) -> Result<(), AppError> {
    if as_json {
        return json(&entries);
    }
    if entries.is_empty() {
        return emit("no measures recorded yet");
    }
    let lines: Vec<String> = entries
        .iter()
        .map(|e| {
            let key = wire_name(&e.measure);
            format!("{}  {key:<24} {:<8} {}", e.effective, e.value, e.source)
        })
        .collect();
    emit(&lines.join("\n"))
}

pub fn diagnostics(d: &Diagnostics, as_json: bool) -> Result<(), AppError> {
    if as_json {
        return json(d);
    }
    emit(&format!(
        "tempo {}\nos              {} {}\nsqlite          {}\nschema          {}\ndatabase        {} ({} bytes)\nlogs            {}",
        d.app_version,
        d.os,
        d.arch,
        d.sqlite_version,
        d.schema_version,
        d.database_path,
        d.database_size_bytes,
        d.log_dir
    ))
}

pub fn kb_search(r: &KbSearchResult, as_json: bool) -> Result<(), AppError> {
    if as_json {
        return json(r);
    }
    let mut lines = Vec::new();
    if let (KbSearchMode::Bm25Only, Some(notice)) = (r.mode, &r.notice) {
        lines.push(format!("(keyword search only: {notice})"));
    }
    if r.hits.is_empty() {
        lines.push("no passage found".to_owned());
    }
    for (i, hit) in r.hits.iter().enumerate() {
        let snippet: String = hit.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let snippet: String = snippet.chars().take(200).collect();
        lines.push(format!(
            "{}. [{}] {}  ({:.3})\n   {snippet}…",
            i + 1,
            hit.page_id,
            hit.heading,
            hit.score
        ));
    }
    emit(&lines.join("\n"))
}

pub fn kb_page(p: &KbPage, as_json: bool) -> Result<(), AppError> {
    if as_json {
        return json(p);
    }
    let sources: Vec<String> = p.sources.iter().map(|s| format!("- {s}")).collect();
    emit(&format!(
        "{}\n\n## Sources\n{}",
        p.markdown.trim_end(),
        sources.join("\n")
    ))
}

pub fn kb_pages(pages: &[KbPageSummary], as_json: bool) -> Result<(), AppError> {
    if as_json {
        return json(&pages);
    }
    let lines: Vec<String> = pages
        .iter()
        .map(|p| {
            let lang = wire_name(&p.language);
            format!("{:<40} {lang}  {}", p.id, p.title)
        })
        .collect();
    emit(&lines.join("\n"))
}

pub fn kb_index(info: &KbIndexInfo, as_json: bool) -> Result<(), AppError> {
    if as_json {
        return json(info);
    }
    let mode = match info.mode {
        KbSearchMode::Hybrid => "hybrid (keywords + embeddings)".to_owned(),
        KbSearchMode::Bm25Only => format!(
            "keywords only ({})",
            info.notice.as_deref().unwrap_or("no embedding model")
        ),
    };
    emit(&format!(
        "indexed {} pages in {} passages in {:.0} ms\nmode   {mode}\ncache  {}",
        info.pages, info.chunks, info.took_ms, info.cache_path
    ))
}

/// A one-line progress bar on stderr, drawn only when stderr is a terminal
/// (scripts and logs get the summary only).
pub struct ProgressBar {
    tty: bool,
}

impl ProgressBar {
    pub fn new() -> Self {
        use std::io::IsTerminal;
        ProgressBar {
            tty: std::io::stderr().is_terminal(),
        }
    }

    pub fn update(&self, p: &ImportProgress) {
        if !self.tty || p.total == 0 {
            return;
        }
        let width = 30;
        let filled = (p.done as usize * width) / p.total as usize;
        let name = p.current.as_deref().unwrap_or("");
        let name: String = name
            .chars()
            .rev()
            .take(40)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        eprint!(
            "\r\x1b[2K[{}{}] {}/{} ({} new, {} failed) {name}",
            "#".repeat(filled),
            " ".repeat(width - filled),
            p.done,
            p.total,
            p.imported,
            p.failed
        );
    }

    pub fn finish(&self) {
        if self.tty {
            eprintln!();
        }
    }
}

pub fn import_summary(s: &ImportSummary, as_json: bool) -> Result<(), AppError> {
    if as_json {
        return json(s);
    }
    let mb = s.bytes / 1e6;
    let mut text = format!(
        "{} files ({mb:.1} MB) in {:.2} s: {} imported, {} merged with an existing activity, {} already imported, {} failed",
        s.files,
        s.seconds,
        s.imported,
        s.merged,
        s.duplicates,
        s.failed.len()
    );
    if s.cancelled {
        text.push_str(" (cancelled)");
    }
    for f in &s.failed {
        text.push_str(&format!("\n  failed: {}: {}", f.file, f.reason));
    }
    for w in &s.warnings {
        text.push_str(&format!("\n  warning: {}: {}", w.file, w.reason));
    }
    emit(&text)
}

pub(crate) fn fmt_duration(s: Option<f64>) -> String {
    s.map_or_else(
        || "-".into(),
        |s| {
            let s = s.round() as i64;
            format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
        },
    )
}

fn fmt_km(m: Option<f64>) -> String {
    m.map_or_else(|| "-".into(), |m| format!("{:.2} km", m / 1000.0))
}

fn fmt_num(v: Option<f64>, unit: &str) -> String {
    v.map_or_else(|| "-".into(), |v| format!("{v:.0} {unit}"))
}

pub fn activity_list(list: &ActivityList, as_json: bool) -> Result<(), AppError> {
    if as_json {
        return json(list);
    }
    let mut text = String::new();
    for a in &list.activities {
        text.push_str(&format!(
            "{:>6}  {}  {:<10} {:>10} {:>9}  {}\n",
            a.id,
            a.start.format("%Y-%m-%d %H:%M"),
            a.sport,
            fmt_km(a.totals.distance_m),
            fmt_duration(a.totals.elapsed_s),
            a.name.as_deref().unwrap_or("")
        ));
    }
    let t = &list.totals;
    text.push_str(&format!(
        "{} activities, {:.1} km, {} moving, {:.0} m climbed",
        t.count,
        t.distance_m / 1000.0,
        fmt_duration(Some(t.moving_s)),
        t.ascent_m
    ));
    emit(&text)
}

fn totals_lines(label: &str, t: &TotalsDto) -> String {
    format!(
        "{label:<9} elapsed {}  timer {}  moving {}  distance {}  ascent {}  HR {}/{}  power {}/{}  cadence {}\n",
        fmt_duration(t.elapsed_s),
        fmt_duration(t.timer_s),
        fmt_duration(t.moving_s),
        fmt_km(t.distance_m),
        fmt_num(t.ascent_m, "m"),
        fmt_num(t.avg_hr, ""),
        fmt_num(t.max_hr, "bpm"),
        fmt_num(t.avg_power_w, ""),
        fmt_num(t.max_power_w, "W"),
        fmt_num(t.avg_cadence, "/min"),
    )
}

pub fn activity_detail(
    d: &ActivityDetailDto,
    streams: Option<&StreamsDto>,
    as_json: bool,
) -> Result<(), AppError> {
    if as_json {
        #[derive(Serialize)]
        struct Out<'a> {
            #[serde(flatten)]
            detail: &'a ActivityDetailDto,
            #[serde(skip_serializing_if = "Option::is_none")]
            streams: Option<&'a StreamsDto>,
        }
        return json(&Out { detail: d, streams });
    }
    let a = &d.summary;
    let mut text = format!(
        "#{} {} {} ({}), {}\n",
        a.id,
        a.start.format("%Y-%m-%d %H:%M UTC"),
        a.sport,
        a.sub_sport,
        a.name.as_deref().unwrap_or("unnamed")
    );
    if let Some(dev) = &d.device_totals {
        text.push_str(&totals_lines("device", dev));
    }
    text.push_str(&totals_lines("computed", &d.computed_totals));
    for x in &d.disagreements {
        text.push_str(&format!(
            "  differs: {} device {:.1} vs computed {:.1}\n",
            x.field, x.device, x.computed
        ));
    }
    for l in &d.laps {
        text.push_str(&format!(
            "  lap {:>3}  {}  {}  HR {}\n",
            l.index + 1,
            fmt_duration(l.totals.timer_s),
            fmt_km(l.totals.distance_m),
            fmt_num(l.totals.avg_hr, "")
        ));
    }
    for s in &d.sources {
        text.push_str(&format!(
            "  source: {} ({}, {}{})\n",
            s.file_name,
            s.format,
            s.origin,
            if s.primary { ", shown" } else { "" }
        ));
    }
    text.push_str(&format!("{} samples at 1 Hz", d.sample_count));
    if let Some(s) = streams {
        text.push_str(&format!(
            " ({} rows; use --json for the values)",
            s.time_s.len()
        ));
    }
    emit(&text)
}

pub fn deleted(id: i32, as_json: bool) -> Result<(), AppError> {
    if as_json {
        return json(&serde_json::json!({ "deleted": id }));
    }
    emit(&format!("activity {id} deleted"))
}

pub fn activity_metrics(
    m: &tempo_api::metrics::ActivityMetrics,
    as_json: bool,
) -> Result<(), AppError> {
    if as_json {
        return json(m);
    }
    let mut text = format!("activity {}", m.activity_id);
    if let Some(day) = m.thresholds.on {
        text.push_str(&format!(" (thresholds in force on {day})"));
    }
    if let Some(l) = &m.load {
        text.push_str(&format!("\nload: {:.1} ({})", l.value, l.metric));
    }
    if let Some(p) = &m.power {
        text.push_str(&format!(
            "\npower: average {:.0} W, normalized {:.0} W, IF {}, TSS {}",
            p.average_w,
            p.normalized_w,
            p.intensity_factor.map_or("-".into(), |v| format!("{v:.2}")),
            p.tss.map_or("-".into(), |v| format!("{v:.0}"))
        ));
    }
    if let Some(h) = &m.heart {
        text.push_str(&format!(
            "\nheart: TRIMP {} (Banister), {} (Edwards), HRSS {}",
            h.banister_trimp.map_or("-".into(), |v| format!("{v:.0}")),
            h.edwards_trimp.map_or("-".into(), |v| format!("{v:.0}")),
            h.hrss.map_or("-".into(), |v| format!("{v:.0}"))
        ));
        for z in &h.zones {
            text.push_str(&format!(
                "\n  {:<10} {}",
                z.name,
                fmt_duration(Some(f64::from(z.seconds)))
            ));
        }
    }
    for b in &m.power_bests {
        text.push_str(&format!(
            "\nbest {:>5} s: {:.0} W",
            b.duration_s, b.average_w
        ));
    }
    for b in &m.distance_bests {
        text.push_str(&format!(
            "\nbest {:>8.0} m: {}",
            b.distance_m,
            fmt_duration(Some(b.time_s))
        ));
    }
    for n in &m.notes {
        text.push_str(&format!("\nnote: {n}"));
    }
    emit(&text)
}

pub fn load_series(days: &[tempo_api::metrics::LoadDay], as_json: bool) -> Result<(), AppError> {
    if as_json {
        return json(&days);
    }
    let mut text = String::from("date          load    CTL    ATL    TSB");
    for d in days {
        text.push_str(&format!(
            "\n{}  {:>6.1} {:>6.1} {:>6.1} {:>6.1}",
            d.date, d.load, d.ctl, d.atl, d.tsb
        ));
    }
    emit(&text)
}

pub fn recomputed(r: &tempo_api::metrics::Recomputed, as_json: bool) -> Result<(), AppError> {
    if as_json {
        return json(r);
    }
    emit(&format!(
        "{} activities recomputed in {:.2} s",
        r.activities, r.seconds
    ))
}

fn opt(v: Option<f64>, digits: usize) -> String {
    v.map_or("-".into(), |v| format!("{v:.digits$}"))
}

fn pace(s_per_km: f64) -> String {
    let s = s_per_km.round() as i64;
    format!("{}:{:02}/km", s / 60, s % 60)
}

pub fn predictions(p: &tempo_api::metrics::Predictions, as_json: bool) -> Result<(), AppError> {
    if as_json {
        return json(p);
    }
    let mut text = format!("fitness from {} to {}", p.from, p.to);
    if let (Some(v), Some(e)) = (p.vdot, &p.vdot_effort) {
        text.push_str(&format!(
            "\nVDOT {v:.1} (from {:.0} m in {} on {}, activity {})",
            e.distance_m,
            fmt_duration(Some(e.time_s)),
            e.date,
            e.activity_id
        ));
    }
    for r in &p.races {
        text.push_str(&format!(
            "\n{:<14} {:>9} (VDOT)  {:>9} (Riegel)",
            r.name,
            fmt_duration(r.vdot_time_s),
            fmt_duration(r.riegel_time_s)
        ));
    }
    if let Some(t) = &p.paces {
        text.push_str(&format!(
            "\npaces: easy {}–{}, marathon {}, threshold {}, interval {}, repetition {}",
            pace(t.easy_slow_s_per_km),
            pace(t.easy_fast_s_per_km),
            pace(t.marathon_s_per_km),
            pace(t.threshold_s_per_km),
            pace(t.interval_s_per_km),
            pace(t.repetition_s_per_km)
        ));
    }
    if let Some(cs) = &p.critical_speed {
        text.push_str(&format!(
            "\ncritical speed {} ± {} m/s, D′ {:.0} m (R² {:.3}, {} points)",
            pace(1000.0 / cs.critical),
            opt(cs.critical_se, 3),
            cs.capacity,
            cs.r_squared,
            cs.points
        ));
    }
    if let Some(cp) = &p.critical_power {
        text.push_str(&format!(
            "\ncritical power {:.0} ± {} W, W′ {:.0} J (R² {:.3}, {} points)",
            cp.critical,
            opt(cp.critical_se, 1),
            cp.capacity,
            cp.r_squared,
            cp.points
        ));
    }
    for n in &p.notes {
        text.push_str(&format!("\nnote: {n}"));
    }
    emit(&text)
}

pub fn estimates(
    list: &[tempo_api::metrics::ThresholdEstimate],
    as_json: bool,
) -> Result<(), AppError> {
    if as_json {
        return json(&list);
    }
    if list.is_empty() {
        return emit("no estimate differs from the thresholds in force");
    }
    let mut text = String::new();
    for e in list {
        let key = serde_json::to_value(e.measure)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        text.push_str(&format!(
            "{key:<24} {:>8} (now {}): {}\n",
            e.value,
            opt(e.current, 1),
            e.basis
        ));
    }
    emit(text.trim_end())
}

pub fn training_status(
    s: &tempo_api::metrics::TrainingStatus,
    as_json: bool,
) -> Result<(), AppError> {
    if as_json {
        return json(s);
    }
    emit(&format!(
        "{}: fitness {:.1}, fatigue {:.1}, form {:.1}, ramp {} /week\n\
         acute:chronic {}, monotony {}, strain {}\n\
         last 7 days: {} activities, {}, {:.1} km, load {:.0}",
        s.date,
        s.ctl,
        s.atl,
        s.tsb,
        opt(s.ramp_7d, 1),
        opt(s.acwr, 2),
        opt(s.monotony, 2),
        opt(s.strain, 0),
        s.last_7_days.activities,
        fmt_duration(Some(s.last_7_days.moving_s)),
        s.last_7_days.distance_m / 1000.0,
        s.last_7_days.load
    ))
}

pub fn volume(periods: &[tempo_api::metrics::VolumePeriod], as_json: bool) -> Result<(), AppError> {
    if as_json {
        return json(&periods);
    }
    let mut text = String::from("period       count      time     km   load  monotony");
    for p in periods {
        text.push_str(&format!(
            "\n{}  {:>5} {:>9} {:>6.1} {:>6.0} {:>9}",
            p.start,
            p.activities,
            fmt_duration(Some(p.moving_s)),
            p.distance_m / 1000.0,
            p.load,
            opt(p.monotony, 2)
        ));
    }
    emit(&text)
}

pub fn curves(
    kind: tempo_api::metrics::CurveKind,
    curves: &[tempo_api::metrics::MeanMaxCurve],
    as_json: bool,
) -> Result<(), AppError> {
    if as_json {
        return json(&curves);
    }
    let mut text = String::new();
    for c in curves {
        text.push_str(&format!("{} to {}\n", c.from, c.to));
        for p in &c.points {
            let value = match kind {
                tempo_api::metrics::CurveKind::Power => format!("{:.0} W", p.value),
                tempo_api::metrics::CurveKind::Pace => pace(1000.0 / p.value),
            };
            text.push_str(&format!(
                "  {:>9} {:>10}  (activity {}, {})\n",
                fmt_duration(Some(f64::from(p.duration_s))),
                value,
                p.activity_id,
                p.date
            ));
        }
    }
    emit(text.trim_end())
}

pub fn zones(list: &[tempo_api::metrics::ZoneDistribution], as_json: bool) -> Result<(), AppError> {
    if as_json {
        return json(&list);
    }
    let mut text = String::new();
    for d in list {
        let total: u32 = d.zones.iter().map(|z| z.seconds).sum();
        text.push_str(&format!(
            "{} ({}, {} activities)\n",
            d.kind, d.model, d.activities
        ));
        for z in &d.zones {
            let share = if total > 0 {
                f64::from(z.seconds) / f64::from(total) * 100.0
            } else {
                0.0
            };
            text.push_str(&format!(
                "  {:<22} {:>9} {:>5.1} %\n",
                z.name,
                fmt_duration(Some(f64::from(z.seconds))),
                share
            ));
        }
    }
    if text.is_empty() {
        return emit("no time in zones in this range");
    }
    emit(text.trim_end())
}

pub fn fitness_model(m: &tempo_api::metrics::FitnessModel, as_json: bool) -> Result<(), AppError> {
    if as_json {
        return json(m);
    }
    let mut text = format!("{} performances ({})", m.points.len(), m.performance);
    for f in &m.fits {
        text.push_str(&format!(
            "\nfit {} through {}: p0 {:.1}, k1 {:.4}, k2 {:.4}, τ1 {:.0} d, τ2 {:.0} d, RMSE {:.2}; later {} points, RMSE {}",
            f.version,
            f.through,
            f.p0,
            f.k1,
            f.k2,
            f.tau1,
            f.tau2,
            f.rmse,
            f.later_points,
            opt(f.later_rmse, 2)
        ));
    }
    for n in &m.notes {
        text.push_str(&format!("\nnote: {n}"));
    }
    emit(&text)
}

pub fn load_model(m: &tempo_api::metrics::LoadModel, as_json: bool) -> Result<(), AppError> {
    if as_json {
        return json(m);
    }
    emit(&format!(
        "fitness over {} days, fatigue over {} days, {} average",
        m.ctl_days, m.atl_days, m.form
    ))
}
