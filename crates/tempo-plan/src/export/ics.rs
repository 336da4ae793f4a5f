//! The plan as an iCalendar file (RFC 5545): one all-day event per workout.
//!
//! What the output follows, by section of RFC 5545:
//! - §3.1: content lines end with CRLF and are folded so that no line is
//!   longer than 75 octets (the break not counted); a continuation line
//!   starts with one space. Folding never splits a UTF-8 character (§3.1
//!   asks for this: "a multi-octet character is not split").
//! - §3.3.4 / §3.8.2.2 / §3.8.2.4: an all-day event is `DTSTART;VALUE=DATE`
//!   with a `DTEND;VALUE=DATE` on the next day (DTEND is exclusive).
//! - §3.3.11: in TEXT values backslash, semicolon and comma are escaped with a
//!   backslash and a line break is written `\n`.
//! - §3.6.1 / §3.8.4.7 / §3.8.7.2: each VEVENT has a UID and a DTSTAMP (UTC).
//! - §3.7.1–§3.7.4: CALSCALE, METHOD, PRODID, VERSION. `X-WR-CALNAME` is the
//!   de-facto calendar name (Apple, Google), an `X-` property per §3.8.8.2.
//!
//! UIDs are `<yyyymmdd>-<n>-<plan>@tempo.local`: the workout's date, its rank
//! among that day's workouts (from 1) and an FNV-1a hash of what identifies
//! the plan (goal kind, start and race date). Exporting the same plan again,
//! or after an adjustment, gives the same UIDs, so a calendar that imports
//! the file again updates the events instead of duplicating them.

use std::fmt::Write as _;

use chrono::{DateTime, Days, NaiveDate, Utc};

use crate::export::text::{fmt_total, goal_label, step_lines};
use crate::{GoalKind, Plan};

/// Longest content line in octets, the CRLF not counted (RFC 5545 §3.1).
pub const MAX_LINE_OCTETS: usize = 75;

/// The calendar, CRLF line endings, folded lines. `stamp` is the DTSTAMP.
pub fn ics(plan: &Plan, stamp: DateTime<Utc>) -> String {
    let mut out = String::new();
    let dtstamp = stamp.format("%Y%m%dT%H%M%SZ").to_string();
    let plan_id = plan_hash(plan);
    let name = format!("Tempo: {} plan", goal_label(plan.goal.kind));

    prop(&mut out, "BEGIN", "VCALENDAR");
    prop(&mut out, "VERSION", "2.0");
    prop(&mut out, "PRODID", "-//Tempo//Training plan//EN");
    prop(&mut out, "CALSCALE", "GREGORIAN");
    prop(&mut out, "METHOD", "PUBLISH");
    prop(&mut out, "X-WR-CALNAME", &escape_text(&name));

    let mut workouts: Vec<&crate::Workout> = plan.weeks.iter().flat_map(|w| &w.workouts).collect();
    // Stable: the plan's order within a day decides the rank in the UID.
    workouts.sort_by_key(|w| w.date);
    let mut prev: Option<NaiveDate> = None;
    let mut rank = 0u32;
    for w in workouts {
        rank = if prev == Some(w.date) { rank + 1 } else { 1 };
        prev = Some(w.date);

        prop(&mut out, "BEGIN", "VEVENT");
        prop(
            &mut out,
            "UID",
            &format!(
                "{}-{rank}-{plan_id:08x}@tempo.local",
                w.date.format("%Y%m%d")
            ),
        );
        prop(&mut out, "DTSTAMP", &dtstamp);
        prop(
            &mut out,
            "DTSTART;VALUE=DATE",
            &w.date.format("%Y%m%d").to_string(),
        );
        let end = w.date.checked_add_days(Days::new(1)).unwrap_or(w.date);
        prop(
            &mut out,
            "DTEND;VALUE=DATE",
            &end.format("%Y%m%d").to_string(),
        );
        prop(&mut out, "SUMMARY", &escape_text(&w.title));
        prop(&mut out, "DESCRIPTION", &escape_text(&description(w)));
        // A workout does not make the athlete busy all day.
        prop(&mut out, "TRANSP", "TRANSPARENT");
        prop(&mut out, "END", "VEVENT");
    }
    prop(&mut out, "END", "VCALENDAR");
    out
}

/// Purpose, the estimates, then the steps, one a line.
fn description(w: &crate::Workout) -> String {
    let mut d = w.purpose.trim().to_owned();
    let mut est = Vec::new();
    if w.est_duration_s > 0 {
        est.push(fmt_total(w.est_duration_s));
    }
    if w.est_distance_m > 0 {
        est.push(format!("{:.1} km", f64::from(w.est_distance_m) / 1000.0));
    }
    if !est.is_empty() {
        if !d.is_empty() {
            d.push_str("\n\n");
        }
        let _ = write!(d, "About {}.", est.join(", "));
    }
    let steps = step_lines(&w.steps);
    if !steps.is_empty() {
        if !d.is_empty() {
            d.push_str("\n\n");
        }
        d.push_str(&steps.join("\n"));
    }
    d
}

/// Escapes a TEXT value (RFC 5545 §3.3.11). CR is dropped: a CRLF or a lone
/// CR in the source becomes the single `\n` escape.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            // Other controls are not allowed in TEXT (§3.3.11, §3.1 CONTROL).
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes `name:value` as a folded content line.
fn prop(out: &mut String, name: &str, value: &str) {
    fold(out, &format!("{name}:{value}"));
}

/// Appends `line` folded at [`MAX_LINE_OCTETS`] octets, each piece ending
/// with CRLF, continuation pieces starting with a space (RFC 5545 §3.1).
pub fn fold(out: &mut String, line: &str) {
    let mut room = MAX_LINE_OCTETS;
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > room {
            out.push_str("\r\n ");
            // The leading space takes one octet of the next line.
            room = MAX_LINE_OCTETS - 1;
            used = 0;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// FNV-1a (32 bits) of what identifies a plan; stable across runs.
fn plan_hash(plan: &Plan) -> u32 {
    let g = &plan.goal;
    let kind = match g.kind {
        GoalKind::FiveK => "5k".to_owned(),
        GoalKind::TenK => "10k".to_owned(),
        GoalKind::HalfMarathon => "half".to_owned(),
        GoalKind::Marathon => "marathon".to_owned(),
        GoalKind::Trail {
            distance_km,
            elevation_m,
        } => format!("trail:{distance_km}:{elevation_m}"),
        GoalKind::BaseBuilding => "base".to_owned(),
    };
    let race = g.race_date.map(|d| d.to_string()).unwrap_or_default();
    let key = format!("{kind}|{}|{race}", g.start);
    let mut h: u32 = 0x811c_9dc5;
    for b in key.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}
