//! ICS export: structure, escaping and folding (RFC 5545 §3.1, §3.3.11),
//! and a minimal parse back.

mod export_fixture;

use chrono::{TimeZone, Utc};
use export_fixture::*;
use tempo_plan::export::ics::{MAX_LINE_OCTETS, escape_text, fold, ics};

fn stamp() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 3, 1, 8, 30, 5).unwrap()
}

/// Undoes the folding: a CRLF followed by a space or tab is removed.
fn unfold(s: &str) -> String {
    s.replace("\r\n ", "").replace("\r\n\t", "")
}

fn unescape(v: &str) -> String {
    let mut out = String::new();
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') | Some('N') => out.push('\n'),
                Some(o) => out.push(o),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The events as (name with parameters, raw value) lists.
fn events(ics: &str) -> Vec<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut cur: Option<Vec<(String, String)>> = None;
    for line in unfold(ics).split("\r\n").filter(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':').expect("name:value");
        match (name, value) {
            ("BEGIN", "VEVENT") => cur = Some(Vec::new()),
            ("END", "VEVENT") => out.push(cur.take().expect("open event")),
            _ => {
                if let Some(ev) = cur.as_mut() {
                    ev.push((name.to_owned(), value.to_owned()));
                }
            }
        }
    }
    out
}

fn get<'a>(ev: &'a [(String, String)], name: &str) -> &'a str {
    &ev.iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} missing"))
        .1
}

#[test]
fn calendar_structure_and_one_event_per_workout() {
    let plan = half_plan();
    let s = ics(&plan, stamp());
    assert!(s.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tempo//Training plan//EN\r\nCALSCALE:GREGORIAN\r\n"));
    assert!(s.ends_with("END:VCALENDAR\r\n"));
    assert!(s.contains("\r\nX-WR-CALNAME:Tempo: Half marathon plan\r\n"));
    // CRLF everywhere: no bare LF, no bare CR.
    assert_eq!(s.matches('\n').count(), s.matches("\r\n").count());
    assert_eq!(s.matches('\r').count(), s.matches("\r\n").count());

    let evs = events(&s);
    let workouts = all_workouts(&plan);
    assert_eq!(evs.len(), workouts.len());
    assert_eq!(evs.len(), 8 * 4 + 3);
    for (ev, w) in evs.iter().zip(&workouts) {
        assert_eq!(
            get(ev, "DTSTART;VALUE=DATE"),
            w.date.format("%Y%m%d").to_string()
        );
        assert_eq!(
            get(ev, "DTEND;VALUE=DATE"),
            w.date.succ_opt().unwrap().format("%Y%m%d").to_string()
        );
        assert_eq!(get(ev, "DTSTAMP"), "20240301T083005Z");
        assert_eq!(unescape(get(ev, "SUMMARY")), w.title);
        let desc = unescape(get(ev, "DESCRIPTION"));
        assert!(desc.starts_with(&w.purpose), "{desc}");
        assert!(get(ev, "UID").ends_with("@tempo.local"));
    }
    // Threshold: the steps are listed, the repeat with its inner steps.
    let desc = unescape(get(&evs[0], "DESCRIPTION"));
    assert_eq!(
        desc,
        "Purpose of Threshold 3 × 10 min.\n\nAbout 1 h 01 min, 12.0 km.\n\n\
         Warm-up 15 min @ 5:30–6:10 /km — 15 min easy\n3 ×\n  Active 10 min @ 4:40–4:50 /km — 10 min at T pace\n  \
         Recovery 2 min — 2 min jog\nCool-down 10 min @ 5:30–6:10 /km — 10 min easy"
    );
}

#[test]
fn uids_are_unique_and_stable() {
    let mut plan = half_plan();
    // Two workouts on one day.
    let extra = easy(plan.weeks[0].workouts[0].date, 20);
    plan.weeks[0].workouts.push(extra);
    let a = events(&ics(&plan, stamp()));
    let later = Utc.with_ymd_and_hms(2024, 4, 1, 0, 0, 0).unwrap();
    let b = events(&ics(&plan, later));
    let uids: Vec<&str> = a.iter().map(|e| get(e, "UID")).collect();
    let mut dedup = uids.clone();
    dedup.sort();
    dedup.dedup();
    assert_eq!(dedup.len(), uids.len(), "unique");
    assert_eq!(
        uids,
        b.iter().map(|e| get(e, "UID")).collect::<Vec<_>>(),
        "a new export keeps the UIDs"
    );
    assert!(uids[0].starts_with("20240305-1-"));
    assert!(uids[1].starts_with("20240305-2-"));
    // Another plan (other start) gets other UIDs for the same date.
    let mut other = plan.clone();
    other.goal.start = d(2024, 3, 3);
    let c = events(&ics(&other, stamp()));
    assert_ne!(get(&c[0], "UID"), uids[0]);
}

#[test]
fn text_values_are_escaped() {
    assert_eq!(escape_text(r"a,b;c\d"), r"a\,b\;c\\d");
    assert_eq!(
        escape_text("line 1\nline 2\r\nline 3"),
        r"line 1\nline 2\nline 3"
    );
    assert_eq!(escape_text("é ✓ 🏃"), "é ✓ 🏃");

    let mut plan = half_plan();
    plan.weeks[0].workouts[0].title = r"Tempo; 3×10, \fast\".to_owned();
    plan.weeks[0].workouts[0].purpose = "Line one,\nline two; done".to_owned();
    let s = ics(&plan, stamp());
    assert!(unfold(&s).contains(r"SUMMARY:Tempo\; 3×10\, \\fast\\"));
    let ev = &events(&s)[0];
    assert_eq!(unescape(get(ev, "SUMMARY")), r"Tempo; 3×10, \fast\");
    assert!(unescape(get(ev, "DESCRIPTION")).starts_with("Line one,\nline two; done\n\n"));
}

#[test]
fn lines_are_folded_at_75_octets_without_splitting_characters() {
    // ASCII, two-, three- and four-byte characters, at every alignment.
    for prefix in 0..5 {
        let line = format!("DESCRIPTION:{}{}", "x".repeat(prefix), "aé€🏃".repeat(60));
        let mut out = String::new();
        fold(&mut out, &line);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= MAX_LINE_OCTETS, "{} octets: {l}", l.len());
        }
        assert_eq!(unfold(&out), format!("{line}\r\n"));
        // Every piece is whole UTF-8 (a String could not hold anything else,
        // and the pieces are also full enough: a piece is only cut when the
        // next character would not fit).
        for l in out
            .split("\r\n")
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .iter()
            .rev()
            .skip(1)
        {
            assert!(
                l.len() > MAX_LINE_OCTETS - 4,
                "piece cut early: {}",
                l.len()
            );
        }
    }

    let mut plan = half_plan();
    plan.weeks[0].workouts[0].purpose =
        "Séance au seuil — courir « confortablement dur » 🏃 ".repeat(20);
    let s = ics(&plan, stamp());
    for l in s.split("\r\n") {
        assert!(l.len() <= MAX_LINE_OCTETS, "{} octets: {l}", l.len());
    }
    let ev = &events(&s)[0];
    assert!(unescape(get(ev, "DESCRIPTION")).starts_with(plan.weeks[0].workouts[0].purpose.trim()));
}

#[test]
fn all_day_events_across_month_and_year_ends() {
    let mut plan = half_plan();
    plan.weeks[0].workouts[0].date = d(2024, 2, 29);
    plan.weeks[0].workouts[1].date = d(2024, 12, 31);
    let s = unfold(&ics(&plan, stamp()));
    assert!(s.contains("DTSTART;VALUE=DATE:20240229\r\nDTEND;VALUE=DATE:20240301\r\n"));
    assert!(s.contains("DTSTART;VALUE=DATE:20241231\r\nDTEND;VALUE=DATE:20250101\r\n"));
}

#[test]
fn an_empty_plan_is_an_empty_calendar() {
    let mut plan = half_plan();
    plan.weeks.clear();
    let s = ics(&plan, stamp());
    assert!(events(&s).is_empty());
    assert!(s.ends_with("END:VCALENDAR\r\n"));
}
