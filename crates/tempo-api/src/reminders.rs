//! Reminders: what is due now becomes an inbox item once (the shell also
//! shows it as an OS notification). Finding what is due is idempotent, so the
//! shell runs it at start and then periodically.
//!
//! Kinds: today's planned workout, a plan adjustment waiting for a decision,
//! the weekly summary of the week before, and sync problems (written by the
//! sync engine when it exists; nothing here creates them).

use chrono::{Datelike, Days, Weekday};
use serde::{Deserialize, Serialize};
use tempo_storage::reminders::{self as repo, NewReminder, ReminderRow};

use crate::metrics::{self, Period};
use crate::{AppError, Tempo};

/// An inbox item. `link` is a UI route.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Reminder {
    pub id: i32,
    /// "today_workout", "plan_adjustment", "sync_problem" or "weekly_summary".
    pub kind: String,
    pub title: String,
    pub body: String,
    pub link: Option<String>,
    pub created_at: String,
    pub read: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Inbox {
    pub items: Vec<Reminder>,
    pub unread: u32,
}

/// Which kinds the athlete wants (each can be switched off).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(default)]
pub struct ReminderKinds {
    pub today_workout: bool,
    pub plan_adjustment: bool,
    pub sync_problem: bool,
    pub weekly_summary: bool,
}

impl Default for ReminderKinds {
    fn default() -> Self {
        ReminderKinds {
            today_workout: true,
            plan_adjustment: true,
            sync_problem: true,
            weekly_summary: true,
        }
    }
}

fn dto(r: ReminderRow) -> Reminder {
    Reminder {
        id: i32::try_from(r.id).unwrap_or(i32::MAX),
        kind: r.kind,
        title: r.title,
        body: r.body,
        link: r.link,
        created_at: r.created_at,
        read: r.read_at.is_some(),
    }
}

/// The inbox, newest first (the last 100).
pub async fn inbox(tempo: &Tempo) -> Result<Inbox, AppError> {
    let db = tempo.store.connection();
    Ok(Inbox {
        items: repo::list(db, 100).await?.into_iter().map(dto).collect(),
        unread: u32::try_from(repo::unread(db).await?).unwrap_or(0),
    })
}

/// Marks items read; an empty list marks them all.
pub async fn mark_read(tempo: &Tempo, ids: &[i32]) -> Result<(), AppError> {
    let ids: Vec<i64> = ids.iter().map(|i| i64::from(*i)).collect();
    repo::mark_read(tempo.store.connection(), &ids, tempo.clock.now()).await?;
    Ok(())
}

fn french(lang: &str) -> bool {
    lang.starts_with("fr")
}

fn duration(s: u32) -> String {
    let m = (s + 30) / 60;
    if m >= 60 {
        format!("{}h{:02}", m / 60, m % 60)
    } else {
        format!("{m} min")
    }
}

/// Creates the reminders now due among `kinds`, in `lang` ("en" or "fr"),
/// and returns the new ones (those the shell should also notify).
pub async fn refresh(
    tempo: &Tempo,
    kinds: ReminderKinds,
    lang: &str,
) -> Result<Vec<Reminder>, AppError> {
    let fr = french(lang);
    let today = tempo.clock.today();
    let mut due = Vec::new();
    let plan = if kinds.today_workout || kinds.plan_adjustment {
        crate::plans::active(tempo).await?
    } else {
        None
    };
    if let Some(plan) = &plan {
        if kinds.today_workout {
            for w in plan
                .workouts
                .iter()
                .filter(|w| w.workout.date == today && w.status == "planned")
            {
                let length = if w.workout.est_distance_m > 0 {
                    format!(
                        "{}, {:.1} km",
                        duration(w.workout.est_duration_s),
                        f64::from(w.workout.est_distance_m) / 1000.0
                    )
                } else {
                    duration(w.workout.est_duration_s)
                };
                due.push(NewReminder {
                    kind: "today_workout".into(),
                    dedup_key: format!("today_workout:{today}:{}", w.id),
                    title: if fr {
                        format!("Aujourd'hui : {}", w.workout.title)
                    } else {
                        format!("Today: {}", w.workout.title)
                    },
                    body: format!("{length}. {}", w.workout.purpose),
                    link: Some("/plan".into()),
                });
            }
        }
        if kinds.plan_adjustment
            && let Some(a) = &plan.pending_adjustment
        {
            due.push(NewReminder {
                kind: "plan_adjustment".into(),
                dedup_key: format!("plan_adjustment:{}", a.id),
                title: if fr {
                    "Un ajustement du plan attend votre décision".into()
                } else {
                    "A plan adjustment is waiting for your decision".into()
                },
                body: a.explanation.clone(),
                link: Some("/plan".into()),
            });
        }
    }
    if kinds.weekly_summary {
        // The week before this one, once, any day of this week.
        let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
        let last = monday - Days::new(7);
        let week = metrics::volume(tempo, Some(last), Some(monday - Days::new(1)), Period::Week)
            .await?
            .into_iter()
            .find(|w| w.start == last);
        if let Some(w) = week.filter(|w| w.activities > 0) {
            let iso = last.iso_week();
            let hours = w.moving_s / 3600.0;
            due.push(NewReminder {
                kind: "weekly_summary".into(),
                dedup_key: format!("weekly_summary:{}-W{:02}", iso.year(), iso.week()),
                title: if fr {
                    format!("Votre semaine du {}", last.format("%d/%m"))
                } else {
                    format!("Your week of {}", last.format("%b %-d"))
                },
                body: if fr {
                    format!(
                        "{} séances, {:.1} km, {:.1} h, charge {:.0}.",
                        w.activities,
                        w.distance_m / 1000.0,
                        hours,
                        w.load
                    )
                } else {
                    format!(
                        "{} sessions, {:.1} km, {:.1} h, load {:.0}.",
                        w.activities,
                        w.distance_m / 1000.0,
                        hours,
                        w.load
                    )
                },
                link: Some("/".into()),
            });
        }
        debug_assert_eq!(monday.weekday(), Weekday::Mon);
    }
    let db = tempo.store.connection();
    let now = tempo.clock.now();
    let mut created = Vec::new();
    for r in &due {
        if let Some(row) = repo::insert_if_new(db, r, now).await? {
            created.push(dto(row));
        }
    }
    Ok(created)
}
