//! The athlete's context for a turn, and the read-only tools.
//!
//! Every figure is read through the same use cases the screens use, so the
//! coach quotes exactly what the athlete sees. What may go to a cloud model
//! is filtered here, in one place: by the consent fields the athlete granted
//! that provider, and Strava-API-only activities only with the separate
//! opt-in (Strava's API agreement: a user's Strava data is shown only to that
//! user and never used to train AI models; a local model keeps it on the
//! machine, a cloud one does not).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, NaiveDate};
use serde_json::{Value, json};
use tempo_coach::ToolSpec;
use tempo_coach::agent::{
    ContextSection, Fact, Passage, Source, SourceKind, SuggestionDraft, ToolOutcome, Toolbox, Topic,
};
use tempo_coach::lang::Lang;
use tempo_storage::coach as repo;

use crate::activities::{ActivityFilter, ActivitySummaryDto};
use crate::kb::KbLang;
use crate::{AppError, Tempo};

/// The consent field for activities that came only from Strava's API.
pub const STRAVA_FIELD: &str = "strava_activities";

/// What this turn may use.
#[derive(Debug, Clone)]
pub(crate) struct Allowed {
    fields: Option<BTreeSet<String>>,
}

impl Allowed {
    /// Everything: the local model and the grounded answer keep the data on
    /// this machine.
    pub(crate) fn everything() -> Self {
        Allowed { fields: None }
    }
    pub(crate) fn only(fields: &[String]) -> Self {
        Allowed {
            fields: Some(fields.iter().cloned().collect()),
        }
    }
    pub(crate) fn has(&self, field: &str) -> bool {
        self.fields.as_ref().is_none_or(|f| f.contains(field))
    }
}

fn t(lang: Lang, en: &str, fr: &str) -> String {
    match lang {
        Lang::En => en.to_owned(),
        Lang::Fr => fr.to_owned(),
    }
}

fn metric(id: &str, title: String) -> Source {
    Source {
        kind: SourceKind::Metric,
        id: id.to_owned(),
        title,
        detail: None,
    }
}

fn hms(s: f64) -> String {
    let s = s.round() as i64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s % 3600 / 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

fn pace(s_per_km: f64) -> String {
    format!("{}/km", hms(s_per_km))
}

/// An activity as one line: date, sport, name, distance, time, HR, RPE.
fn activity_line(a: &ActivitySummaryDto, allowed: &Allowed, description: Option<&str>) -> Value {
    let local = a.start + chrono::Duration::seconds(i64::from(a.utc_offset_s.unwrap_or(0)));
    let mut v = json!({
        "id": a.id,
        "cite": format!("[activity:{}]", a.id),
        "date": local.format("%Y-%m-%d %H:%M").to_string(),
        "sport": a.sport,
        "name": a.name,
    });
    let o = v.as_object_mut().expect("an object");
    if let Some(d) = a.totals.distance_m {
        o.insert("distance_km".into(), json!((d / 10.0).round() / 100.0));
    }
    if let Some(s) = a
        .totals
        .moving_s
        .or(a.totals.timer_s)
        .or(a.totals.elapsed_s)
    {
        o.insert("duration".into(), json!(hms(s)));
    }
    if let Some(hr) = a.totals.avg_hr {
        o.insert("avg_hr".into(), json!(hr.round()));
    }
    if let Some(p) = a.totals.avg_power_w {
        o.insert("avg_power_w".into(), json!(p.round()));
    }
    if allowed.has("rpe_notes") {
        if let Some(r) = a.rpe {
            o.insert("rpe".into(), json!(r));
        }
        if let Some(d) = description {
            o.insert("description".into(), json!(d));
        }
    }
    v
}

/// The same line as a sentence for the prompt and the grounded answer.
fn activity_fact(a: &ActivitySummaryDto, line: &Value) -> Fact {
    let field = |k: &str| line.get(k).filter(|v| !v.is_null());
    let mut parts: Vec<String> = ["date", "sport", "name"]
        .into_iter()
        .filter_map(|k| field(k).and_then(Value::as_str).map(str::to_owned))
        .collect();
    if let Some(km) = field("distance_km").and_then(Value::as_f64) {
        parts.push(format!("{km:.1} km"));
    }
    if let Some(d) = field("duration").and_then(Value::as_str) {
        parts.push(d.to_owned());
    }
    if let Some(hr) = field("avg_hr").and_then(Value::as_f64) {
        parts.push(format!("HR {hr:.0}"));
    }
    if let Some(w) = field("avg_power_w").and_then(Value::as_f64) {
        parts.push(format!("{w:.0} W"));
    }
    if let Some(r) = field("rpe").and_then(Value::as_i64) {
        parts.push(format!("RPE {r}/10"));
    }
    let mut text = parts.join(" · ");
    if let Some(d) = field("description").and_then(Value::as_str) {
        text.push_str(&format!(" — \"{d}\""));
    }
    Fact {
        text,
        source: Some(Source {
            kind: SourceKind::Activity,
            id: a.id.to_string(),
            title: a.name.clone().unwrap_or_else(|| a.sport.clone()),
            detail: Some(a.start.date_naive().to_string()),
        }),
    }
}

/// The activities between two days that this turn may use, newest first,
/// with their descriptions.
async fn activities(
    tempo: &Tempo,
    allowed: &Allowed,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(ActivitySummaryDto, Value)>, AppError> {
    if !allowed.has("activity_summaries") {
        return Ok(Vec::new());
    }
    let list = crate::activities::list(
        tempo,
        &ActivityFilter {
            from: Some(from),
            to: Some(to),
            ..ActivityFilter::default()
        },
    )
    .await?;
    let ids: Vec<i64> = list.activities.iter().map(|a| i64::from(a.id)).collect();
    let db = tempo.store.connection();
    let hidden: BTreeSet<i64> = if allowed.has(STRAVA_FIELD) {
        BTreeSet::new()
    } else {
        repo::strava_api_only(db, &ids).await?.into_iter().collect()
    };
    let descriptions: BTreeMap<i64, String> =
        repo::descriptions(db, &ids).await?.into_iter().collect();
    let mut out: Vec<(ActivitySummaryDto, Value)> = list
        .activities
        .into_iter()
        .filter(|a| !hidden.contains(&i64::from(a.id)))
        .map(|a| {
            let line = activity_line(
                &a,
                allowed,
                descriptions.get(&i64::from(a.id)).map(String::as_str),
            );
            (a, line)
        })
        .collect();
    out.sort_by_key(|a| std::cmp::Reverse(a.0.start));
    Ok(out)
}

/// Whether this activity may be used (exists, consented, not Strava-only
/// without the opt-in).
async fn activity_allowed(tempo: &Tempo, allowed: &Allowed, id: i64) -> Result<bool, AppError> {
    if !allowed.has("activity_summaries") {
        return Ok(false);
    }
    if allowed.has(STRAVA_FIELD) {
        return Ok(true);
    }
    Ok(repo::strava_api_only(tempo.store.connection(), &[id])
        .await?
        .is_empty())
}

/// The athlete's context: profile and thresholds, load, the last two weeks,
/// predictions, the plan, wellness, and what the question is about.
pub(crate) async fn sections(
    tempo: &Tempo,
    lang: Lang,
    allowed: &Allowed,
    about: Option<super::AskAbout>,
) -> Result<Vec<ContextSection>, AppError> {
    let today = tempo.clock.today();
    let mut out = Vec::new();

    if let Some(about) = about {
        out.push(ContextSection {
            topic: Topic::Focus,
            title: t(lang, "What the question is about", "Sujet de la question"),
            facts: focus(tempo, lang, allowed, about).await?,
        });
    }

    let p = crate::profile::get(tempo).await?;
    let mut facts = Vec::new();
    if allowed.has("profile") {
        let mut parts = Vec::new();
        if let Some(sex) = &p.sex {
            parts.push(format!("{}: {sex:?}", t(lang, "sex", "sexe")).to_lowercase());
        }
        if let Some(y) = p.birth_year {
            parts.push(format!("{} {}", t(lang, "age", "âge"), today.year() - y));
        }
        if let Some(w) = &p.weight_kg {
            parts.push(format!("{} {:.1} kg", t(lang, "weight", "poids"), w.value));
        }
        if !parts.is_empty() {
            facts.push(Fact {
                text: parts.join(", "),
                source: Some(metric("profile", t(lang, "Profile", "Profil"))),
            });
        }
    }
    if allowed.has("thresholds") {
        let mut parts = Vec::new();
        let mut add =
            |label: String, v: &Option<crate::profile::DatedValue>, f: &dyn Fn(f64) -> String| {
                if let Some(d) = v {
                    parts.push(format!(
                        "{label} {} ({} {})",
                        f(d.value),
                        t(lang, "since", "depuis le"),
                        d.effective
                    ));
                }
            };
        add(t(lang, "max HR", "FC max"), &p.max_hr, &|v| {
            format!("{v:.0} bpm")
        });
        add(t(lang, "resting HR", "FC repos"), &p.resting_hr, &|v| {
            format!("{v:.0} bpm")
        });
        add(t(lang, "LTHR", "FC seuil"), &p.lthr, &|v| {
            format!("{v:.0} bpm")
        });
        add(
            t(lang, "threshold pace", "allure seuil"),
            &p.threshold_pace_s_per_km,
            &|v| pace(v),
        );
        add("FTP".to_owned(), &p.ftp_w, &|v| format!("{v:.0} W"));
        add(t(lang, "VMA", "VMA"), &p.vma_kmh, &|v| {
            format!("{v:.1} km/h")
        });
        if !parts.is_empty() {
            facts.push(Fact {
                text: parts.join(", "),
                source: Some(metric("thresholds", t(lang, "Thresholds", "Seuils"))),
            });
        }
    }
    out.push(ContextSection {
        topic: Topic::Profile,
        title: t(lang, "Profile and thresholds", "Profil et seuils"),
        facts,
    });

    let recent = activities(tempo, allowed, today - Days::new(13), today).await?;
    let mut facts = Vec::new();
    if allowed.has("activity_summaries") {
        let s = crate::metrics::status(tempo).await?;
        if s.ctl > 0.0 || s.atl > 0.0 {
            let mut text = format!(
                "{} {}: CTL ({}) {:.0}, ATL ({}) {:.0}, TSB ({}) {:+.0}",
                t(lang, "on", "au"),
                s.date,
                t(lang, "fitness", "forme de fond"),
                s.ctl,
                t(lang, "fatigue", "fatigue"),
                s.atl,
                t(lang, "form", "fraîcheur"),
                s.tsb
            );
            if let Some(r) = s.ramp_7d {
                text.push_str(&format!(
                    ", {} {r:+.1}",
                    t(lang, "7-day CTL ramp", "rampe CTL 7 j")
                ));
            }
            if let Some(a) = s.acwr {
                text.push_str(&format!(", ACWR {a:.2}"));
            }
            facts.push(Fact {
                text,
                source: Some(metric(
                    "load",
                    t(lang, "Training load", "Charge d'entraînement"),
                )),
            });
        }
    }
    out.push(ContextSection {
        topic: Topic::Load,
        title: t(lang, "Training load", "Charge d'entraînement"),
        facts,
    });

    let mut facts: Vec<Fact> = Vec::new();
    if !recent.is_empty() {
        let km: f64 = recent
            .iter()
            .filter_map(|(a, _)| a.totals.distance_m)
            .sum::<f64>()
            / 1000.0;
        facts.push(Fact {
            text: format!(
                "{} {} {}, {km:.1} km",
                recent.len(),
                t(
                    lang,
                    "activities in the last 14 days",
                    "activités sur les 14 derniers jours"
                ),
                t(lang, "in all", "au total"),
            ),
            source: None,
        });
    }
    facts.extend(
        recent
            .iter()
            .take(14)
            .map(|(a, line)| activity_fact(a, line)),
    );
    out.push(ContextSection {
        topic: Topic::Recent,
        title: t(lang, "Last 14 days", "14 derniers jours"),
        facts,
    });

    let mut facts = Vec::new();
    if allowed.has("activity_summaries") {
        let pr = crate::metrics::predict(tempo).await?;
        if let Some(v) = pr.vdot {
            let races: Vec<String> = pr
                .races
                .iter()
                .filter_map(|r| r.vdot_time_s.map(|s| format!("{} {}", r.name, hms(s))))
                .collect();
            facts.push(Fact {
                text: format!(
                    "VDOT {v:.1} ({} {}); {}: {}",
                    t(lang, "best effort from", "meilleur effort du"),
                    pr.from,
                    t(lang, "predicted race times", "temps de course prédits"),
                    races.join(", ")
                ),
                source: Some(metric(
                    "predictions",
                    t(lang, "Race predictions", "Prédictions"),
                )),
            });
            if let Some(p) = &pr.paces {
                facts.push(Fact {
                    text: format!(
                        "{}: {} {}–{}, {} {}, {} {}, {} {}",
                        t(lang, "Daniels paces", "allures de Daniels"),
                        t(lang, "easy", "footing"),
                        pace(p.easy_fast_s_per_km),
                        pace(p.easy_slow_s_per_km),
                        t(lang, "marathon", "marathon"),
                        pace(p.marathon_s_per_km),
                        t(lang, "threshold", "seuil"),
                        pace(p.threshold_s_per_km),
                        t(lang, "interval", "intervalles"),
                        pace(p.interval_s_per_km),
                    ),
                    source: Some(metric(
                        "predictions",
                        t(lang, "Race predictions", "Prédictions"),
                    )),
                });
            }
        }
    }
    out.push(ContextSection {
        topic: Topic::Race,
        title: t(lang, "Race predictions", "Prédictions de course"),
        facts,
    });

    let mut facts = Vec::new();
    if allowed.has("plan")
        && let Some(plan) = crate::plans::active(tempo).await?
    {
        let week = plan
            .weeks
            .iter()
            .rev()
            .find(|w| w.start <= today)
            .or(plan.weeks.first());
        let mut text = format!(
            "{}: {} ({} {})",
            t(lang, "Goal", "Objectif"),
            plan.goal_name,
            t(lang, "race day", "course le"),
            plan.goal
                .race_date
                .map(|d| d.to_string())
                .unwrap_or_else(|| "—".into())
        );
        if let Some(target) = plan.goal.target_time_s {
            text.push_str(&format!(
                ", {} {}",
                t(lang, "target", "objectif"),
                hms(f64::from(target))
            ));
        }
        if let Some(w) = week {
            text.push_str(&format!(
                "; {} {}/{} ({:?}{}), {} {:.0} km",
                t(lang, "week", "semaine"),
                w.index + 1,
                plan.weeks.len(),
                w.phase,
                if w.recovery {
                    t(lang, ", recovery", ", récupération")
                } else {
                    String::new()
                },
                t(lang, "target", "cible"),
                w.target_km
            ));
        }
        facts.push(Fact {
            text,
            source: Some(Source {
                kind: SourceKind::Plan,
                id: plan.id.to_string(),
                title: plan.goal_name.clone(),
                detail: None,
            }),
        });
        for w in plan
            .workouts
            .iter()
            .filter(|w| w.workout.date >= today && w.workout.date <= today + Days::new(7))
        {
            facts.push(workout_fact(lang, w));
        }
    }
    out.push(ContextSection {
        topic: Topic::Plan,
        title: t(lang, "Plan", "Plan"),
        facts,
    });

    let mut facts = Vec::new();
    if allowed.has("wellness") {
        // One line a day: what the athlete entered, then what their synced
        // accounts measured (a watch's resting HR and HRV say more about
        // recovery than a mood score, and the athlete rarely types them).
        let from = today - Days::new(6);
        let mut days: BTreeMap<NaiveDate, Vec<String>> = BTreeMap::new();
        for d in crate::entries::wellness(tempo, from, today).await? {
            let parts = days.entry(d.date).or_default();
            if let Some(h) = d.sleep_hours {
                parts.push(format!("{} {h:.1} h", t(lang, "sleep", "sommeil")));
            }
            if let Some(q) = d.sleep_quality {
                parts.push(format!(
                    "{} {q}/5",
                    t(lang, "sleep quality", "qualité du sommeil")
                ));
            }
            if let Some(s) = d.soreness {
                parts.push(format!("{} {s}/5", t(lang, "soreness", "courbatures")));
            }
            if let Some(m) = d.mood {
                parts.push(format!("{} {m}/5", t(lang, "mood", "humeur")));
            }
            if allowed.has("rpe_notes")
                && let Some(n) = d.notes
            {
                parts.push(format!("{}: {n}", t(lang, "notes", "notes")));
            }
        }
        for w in crate::sync::provider_wellness(tempo, from, today).await? {
            let Ok(date) = w.date.parse::<NaiveDate>() else {
                continue;
            };
            let parts = days.entry(date).or_default();
            let mut measured = Vec::new();
            if let Some(hr) = w.resting_hr {
                measured.push(format!(
                    "{} {hr:.0} bpm",
                    t(lang, "resting HR", "FC au repos")
                ));
            }
            if let Some(hrv) = w.hrv_ms {
                measured.push(format!("HRV {hrv:.0} ms"));
            }
            if let Some(h) = w.sleep_hours {
                measured.push(format!("{} {h:.1} h", t(lang, "sleep", "sommeil")));
            }
            if let Some(score) = w.sleep_score {
                measured.push(format!(
                    "{} {score:.0}/100",
                    t(lang, "sleep score", "score de sommeil")
                ));
            }
            if let Some(kg) = w.weight_kg {
                measured.push(format!("{} {kg:.1} kg", t(lang, "weight", "poids")));
            }
            if !measured.is_empty() {
                parts.push(format!(
                    "{} ({}): {}",
                    t(lang, "measured", "mesuré"),
                    tempo_sync::ProviderId::from_key(&w.provider)
                        .map_or(w.provider.as_str(), |p| p.label()),
                    measured.join(", ")
                ));
            }
        }
        for (date, parts) in days {
            if parts.is_empty() {
                continue;
            }
            facts.push(Fact {
                text: format!("{date}, {}", parts.join(", ")),
                source: Some(metric("wellness", t(lang, "Wellness", "Bien-être"))),
            });
        }
    }
    out.push(ContextSection {
        topic: Topic::Wellness,
        title: t(lang, "Wellness (7 days)", "Bien-être (7 jours)"),
        facts,
    });
    Ok(out)
}

fn workout_fact(lang: Lang, w: &crate::plans::PlannedWorkout) -> Fact {
    Fact {
        text: format!(
            "{} {}: {} (id {}, {} {} min, {} {:.1} km, {}: {})",
            t(lang, "planned", "prévu le"),
            w.workout.date,
            w.workout.title,
            w.id,
            t(lang, "about", "environ"),
            w.workout.est_duration_s / 60,
            t(lang, "about", "environ"),
            f64::from(w.workout.est_distance_m) / 1000.0,
            t(lang, "status", "statut"),
            w.status
        ),
        source: Some(Source {
            kind: SourceKind::Workout,
            id: w.id.to_string(),
            title: w.workout.title.clone(),
            detail: Some(w.workout.date.to_string()),
        }),
    }
}

async fn focus(
    tempo: &Tempo,
    lang: Lang,
    allowed: &Allowed,
    about: super::AskAbout,
) -> Result<Vec<Fact>, AppError> {
    use super::AskAbout as A;
    Ok(match about {
        A::Activity { id } => {
            if !activity_allowed(tempo, allowed, i64::from(id)).await? {
                return Ok(Vec::new());
            }
            let id32 = id;
            let detail = crate::activities::get(tempo, id32).await?;
            let line = activity_line(&detail.summary, allowed, detail.description.as_deref());
            let mut facts = vec![activity_fact(&detail.summary, &line)];
            if allowed.has("rpe_notes")
                && let Some(n) = &detail.notes
            {
                facts.push(Fact {
                    text: format!("{}: {n}", t(lang, "athlete's notes", "notes de l'athlète")),
                    source: facts[0].source.clone(),
                });
            }
            if let Ok(m) = crate::metrics::activity(tempo, id32).await {
                let mut parts = Vec::new();
                if let Some(l) = &m.load {
                    parts.push(format!(
                        "{} {:.0} ({})",
                        t(lang, "load", "charge"),
                        l.value,
                        l.metric
                    ));
                }
                if let Some(r) = &m.running {
                    parts.push(serde_json::to_string(r).unwrap_or_default());
                }
                if let Some(h) = &m.heart {
                    parts.push(serde_json::to_string(h).unwrap_or_default());
                }
                if !parts.is_empty() {
                    facts.push(Fact {
                        text: parts.join("; "),
                        source: facts[0].source.clone(),
                    });
                }
            }
            facts
        }
        A::Workout { id } => {
            if !allowed.has("plan") {
                return Ok(Vec::new());
            }
            crate::plans::active(tempo)
                .await?
                .into_iter()
                .flat_map(|p| p.workouts)
                .filter(|w| w.id == id)
                .map(|w| {
                    let mut f = workout_fact(lang, &w);
                    f.text.push_str(&format!(" — {}", w.workout.purpose));
                    f
                })
                .collect()
        }
        // The plan and dashboard are covered by the sections themselves.
        A::Plan | A::Dashboard => Vec::new(),
    })
}

/// The top knowledge passages for the question, in its language.
pub(crate) async fn passages(tempo: &Tempo, question: &str, lang: Lang) -> Vec<Passage> {
    let query: String = question.chars().take(480).collect();
    let kb_lang = match lang {
        Lang::En => KbLang::En,
        Lang::Fr => KbLang::Fr,
    };
    match crate::kb::search(tempo, &query, Some(4), Some(kb_lang)).await {
        Ok(r) => r
            .hits
            .into_iter()
            .map(|h| Passage {
                page_id: h.page_id,
                title: h.title,
                heading: h.heading,
                text: h.text,
            })
            .collect(),
        Err(e) => {
            // The coach still answers from the athlete's data.
            tracing::warn!(error = %e, "knowledge search failed for the coach");
            Vec::new()
        }
    }
}

/// The read-only tools over the athlete's data, filtered like the context.
#[derive(Debug)]
pub(crate) struct AthleteTools {
    pub(crate) tempo: Tempo,
    pub(crate) allowed: Allowed,
    pub(crate) lang: Lang,
    pub(crate) has_activities: bool,
    pub(crate) has_plan: bool,
}

fn spec(name: &str, description: &str, parameters: Value) -> ToolSpec {
    ToolSpec {
        name: name.to_owned(),
        description: description.to_owned(),
        parameters,
    }
}

fn error(message: impl Into<String>) -> ToolOutcome {
    ToolOutcome {
        content: json!({ "error": message.into() }),
        ..ToolOutcome::default()
    }
}

#[async_trait::async_trait]
impl Toolbox for AthleteTools {
    fn specs(&self) -> Vec<ToolSpec> {
        let mut s = vec![spec(
            "knowledge_search",
            "Search Tempo's sports-science knowledge base. Returns passages with their [kb:…] markers.",
            json!({"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]}),
        )];
        if self.has_activities {
            s.push(spec(
                "recent_activities",
                "The athlete's activities of the last `days` days (1–90), newest first.",
                json!({"type": "object", "properties": {"days": {"type": "integer", "minimum": 1, "maximum": 90}}}),
            ));
            s.push(spec(
                "activity_metrics",
                "Computed metrics of one activity: load, heart rate, pace or power figures, best efforts.",
                json!({"type": "object", "properties": {"id": {"type": "integer"}}, "required": ["id"]}),
            ));
            s.push(spec(
                "load_series",
                "Daily fitness (CTL), fatigue (ATL) and form (TSB) over the last `days` days (7–365), one point per week.",
                json!({"type": "object", "properties": {"days": {"type": "integer", "minimum": 7, "maximum": 365}}}),
            ));
            s.push(spec(
                "predictions",
                "VDOT, race time predictions, training paces, critical speed and power.",
                json!({"type": "object", "properties": {}}),
            ));
        }
        if self.has_plan {
            s.push(spec(
                "upcoming_workouts",
                "The active plan's workouts in the next `days` days (1–28), with their ids.",
                json!({"type": "object", "properties": {"days": {"type": "integer", "minimum": 1, "maximum": 28}}}),
            ));
            s.push(spec(
                "propose_workout_change",
                "Propose moving a planned workout to another date, or skipping it. Nothing changes: the athlete decides in the app.",
                json!({"type": "object", "properties": {
                    "workout_id": {"type": "integer"},
                    "action": {"type": "string", "enum": ["move", "skip"]},
                    "to": {"type": "string", "description": "YYYY-MM-DD, for move"},
                    "reason": {"type": "string"}
                }, "required": ["workout_id", "action", "reason"]}),
            ));
        }
        s
    }

    async fn call(&self, name: &str, args: &Value) -> ToolOutcome {
        match self.run(name, args).await {
            Ok(o) => o,
            Err(e) => error(e.message),
        }
    }
}

fn days_arg(args: &Value, default: u64, max: u64) -> u64 {
    args.get("days")
        .and_then(Value::as_u64)
        .unwrap_or(default)
        .clamp(1, max)
}

impl AthleteTools {
    async fn run(&self, name: &str, args: &Value) -> Result<ToolOutcome, AppError> {
        let tempo = &self.tempo;
        let today = tempo.clock.today();
        Ok(match name {
            "knowledge_search" => {
                let q = args.get("query").and_then(Value::as_str).unwrap_or("");
                if q.trim().is_empty() {
                    return Ok(error("query is required"));
                }
                let ps = passages(tempo, q, self.lang).await;
                ToolOutcome {
                    content: json!(ps.iter().map(|p| json!({"cite": p.source().marker(), "title": p.title, "section": p.heading, "text": p.text})).collect::<Vec<_>>()),
                    sources: ps.iter().map(Passage::source).collect(),
                    suggestion: None,
                }
            }
            "recent_activities" => {
                let days = days_arg(args, 14, 90);
                let list =
                    activities(tempo, &self.allowed, today - Days::new(days - 1), today).await?;
                ToolOutcome {
                    sources: list
                        .iter()
                        .filter_map(|(a, l)| activity_fact(a, l).source)
                        .collect(),
                    content: json!(list.iter().map(|(_, l)| l.clone()).collect::<Vec<_>>()),
                    suggestion: None,
                }
            }
            "activity_metrics" => {
                let Some(id) = args.get("id").and_then(Value::as_i64) else {
                    return Ok(error("id is required"));
                };
                if !activity_allowed(tempo, &self.allowed, id).await? {
                    return Ok(error(format!(
                        "activity {id} is not available to this model"
                    )));
                }
                let id32 =
                    i32::try_from(id).map_err(|_| AppError::invalid("id", "no such activity"))?;
                let detail = crate::activities::get(tempo, id32).await?;
                let m = crate::metrics::activity(tempo, id32).await?;
                let mut content = serde_json::to_value(&m).unwrap_or_default();
                if let Some(o) = content.as_object_mut() {
                    o.insert(
                        "activity".into(),
                        activity_line(
                            &detail.summary,
                            &self.allowed,
                            detail.description.as_deref(),
                        ),
                    );
                    o.remove("w_balance");
                }
                ToolOutcome {
                    sources: activity_fact(&detail.summary, &Value::Null)
                        .source
                        .into_iter()
                        .collect(),
                    content,
                    suggestion: None,
                }
            }
            "load_series" => {
                if !self.allowed.has("activity_summaries") {
                    return Ok(error("not available to this model"));
                }
                let days = days_arg(args, 42, 365).max(7);
                let series = crate::metrics::load_series(
                    tempo,
                    Some(today - Days::new(days - 1)),
                    Some(today),
                )
                .await?;
                let weekly: Vec<Value> = series
                    .iter()
                    .rev()
                    .step_by(7)
                    .map(|d| json!({"date": d.date, "ctl": (d.ctl * 10.0).round() / 10.0, "atl": (d.atl * 10.0).round() / 10.0, "tsb": (d.tsb * 10.0).round() / 10.0}))
                    .collect();
                ToolOutcome {
                    content: json!({"cite": "[metric:load]", "points": weekly}),
                    sources: vec![metric(
                        "load",
                        t(self.lang, "Training load", "Charge d'entraînement"),
                    )],
                    suggestion: None,
                }
            }
            "predictions" => {
                if !self.allowed.has("activity_summaries") {
                    return Ok(error("not available to this model"));
                }
                let p = crate::metrics::predict(tempo).await?;
                ToolOutcome {
                    content: json!({"cite": "[metric:predictions]", "predictions": p}),
                    sources: vec![metric(
                        "predictions",
                        t(self.lang, "Race predictions", "Prédictions"),
                    )],
                    suggestion: None,
                }
            }
            "upcoming_workouts" => {
                if !self.allowed.has("plan") {
                    return Ok(error("not available to this model"));
                }
                let days = days_arg(args, 7, 28);
                let Some(plan) = crate::plans::active(tempo).await? else {
                    return Ok(error("there is no active plan"));
                };
                let ws: Vec<_> = plan
                    .workouts
                    .iter()
                    .filter(|w| w.workout.date >= today && w.workout.date < today + Days::new(days))
                    .collect();
                ToolOutcome {
                    content: json!(ws.iter().map(|w| json!({
                        "id": w.id, "cite": format!("[workout:{}]", w.id), "date": w.workout.date,
                        "title": w.workout.title, "kind": w.workout.kind, "purpose": w.workout.purpose,
                        "minutes": w.workout.est_duration_s / 60, "km": f64::from(w.workout.est_distance_m) / 1000.0,
                        "status": w.status,
                    })).collect::<Vec<_>>()),
                    sources: ws.iter().filter_map(|w| workout_fact(self.lang, w).source).collect(),
                    suggestion: None,
                }
            }
            "propose_workout_change" => self.propose(args).await?,
            other => error(format!("no tool named {other}")),
        })
    }

    /// Checks the proposal against the plan and returns it as a suggestion;
    /// nothing is written.
    async fn propose(&self, args: &Value) -> Result<ToolOutcome, AppError> {
        let Some(id) = args.get("workout_id").and_then(Value::as_i64) else {
            return Ok(error("workout_id is required"));
        };
        let action = args.get("action").and_then(Value::as_str).unwrap_or("move");
        let reason = args
            .get("reason")
            .and_then(Value::as_str)
            .unwrap_or("")
            .chars()
            .take(300)
            .collect::<String>();
        let Some(plan) = crate::plans::active(&self.tempo).await? else {
            return Ok(error("there is no active plan"));
        };
        let Some(w) = plan.workouts.iter().find(|w| i64::from(w.id) == id) else {
            return Ok(error(format!("the active plan has no workout {id}")));
        };
        let (kind, to) = match action {
            "skip" => ("skip_workout", None),
            _ => {
                let Some(to) = args
                    .get("to")
                    .and_then(Value::as_str)
                    .and_then(|d| d.parse::<NaiveDate>().ok())
                else {
                    return Ok(error("`to` must be a date YYYY-MM-DD"));
                };
                if to < self.tempo.clock.today() {
                    return Ok(error("a workout cannot move into the past"));
                }
                ("move_workout", Some(to.to_string()))
            }
        };
        Ok(ToolOutcome {
            content: json!({}),
            sources: workout_fact(self.lang, w).source.into_iter().collect(),
            suggestion: Some(SuggestionDraft {
                kind: kind.to_owned(),
                workout_id: id,
                title: w.workout.title.clone(),
                from: w.workout.date.to_string(),
                to,
                reason,
            }),
        })
    }
}

/// First questions worth asking, from what the athlete has.
pub async fn suggested_questions(tempo: &Tempo, lang: KbLang) -> Result<Vec<String>, AppError> {
    let l = match lang {
        KbLang::En => Lang::En,
        KbLang::Fr => Lang::Fr,
    };
    let today = tempo.clock.today();
    let mut q = Vec::new();
    if let Some(plan) = crate::plans::active(tempo).await? {
        q.push(t(
            l,
            "What should I focus on this week?",
            "Sur quoi dois-je me concentrer cette semaine ?",
        ));
        q.push(match l {
            Lang::En => format!("Am I on track for {}?", plan.goal_name),
            Lang::Fr => format!("Suis-je sur la bonne voie pour {} ?", plan.goal_name),
        });
    }
    let recent = crate::activities::list(
        tempo,
        &ActivityFilter {
            from: Some(today - Days::new(13)),
            to: Some(today),
            ..ActivityFilter::default()
        },
    )
    .await?;
    if !recent.activities.is_empty() {
        q.push(t(
            l,
            "How did my last activity go?",
            "Comment s'est passée ma dernière activité ?",
        ));
        q.push(t(
            l,
            "Am I training too much or too little?",
            "Est-ce que je m'entraîne trop ou pas assez ?",
        ));
        q.push(t(
            l,
            "What do my race predictions say?",
            "Que disent mes prédictions de course ?",
        ));
    }
    if q.is_empty() {
        q.push(t(
            l,
            "How do I build an aerobic base?",
            "Comment construire une base aérobie ?",
        ));
        q.push(t(
            l,
            "How many easy runs should I do each week?",
            "Combien de footings faire par semaine ?",
        ));
        q.push(t(
            l,
            "What are training zones?",
            "Que sont les zones d'entraînement ?",
        ));
    }
    q.truncate(4);
    Ok(q)
}
