//! Printing results: JSON for scripts, aligned text for people.

use std::io::Write;

use serde::Serialize;
use tempo_api::diagnostics::Diagnostics;
use tempo_api::kb::{KbIndexInfo, KbPage, KbPageSummary, KbSearchMode, KbSearchResult};
use tempo_api::profile::{DatedValue, MeasureEntry, ProfileDto};
use tempo_api::{AppError, ErrorCode};

fn emit(text: &str) -> Result<(), AppError> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("cannot write output: {e}")))
}

fn json(value: &impl Serialize) -> Result<(), AppError> {
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
