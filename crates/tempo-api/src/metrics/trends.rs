//! Season views: training volume by week or month, today's training status
//! (form, ramp, acute:chronic ratio, monotony and strain), mean-max curves
//! over chosen date ranges, and where the time went by zone.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use tempo_metrics::load;
use tempo_storage::summary as repo;

use super::round;
use super::summary;
use crate::activities::dto_id;
use crate::{AppError, Tempo};

/// How volume is grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// Monday to Sunday.
    Week,
    Month,
}

/// One sport's share of a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct SportVolume {
    pub sport: String,
    pub activities: u32,
    pub moving_s: f64,
    pub distance_m: f64,
    pub ascent_m: f64,
    pub load: f64,
}

impl SportVolume {
    fn empty(sport: &str) -> SportVolume {
        SportVolume {
            sport: sport.to_owned(),
            activities: 0,
            moving_s: 0.0,
            distance_m: 0.0,
            ascent_m: 0.0,
            load: 0.0,
        }
    }

    /// Counts one activity: moving time (timer time when unknown), distance,
    /// ascent and stored load (0 without one).
    fn add(&mut self, r: &repo::VolumeRow) {
        self.activities += 1;
        self.moving_s += r.moving_s.or(r.timer_s).unwrap_or(0.0);
        self.distance_m += r.distance_m.unwrap_or(0.0);
        self.ascent_m += r.ascent_m.unwrap_or(0.0);
        self.load += r.load.unwrap_or(0.0);
    }
}

/// Volume of one week or month (every period in the range is listed, empty
/// ones too, so a chart has no holes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct VolumePeriod {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub activities: u32,
    pub moving_s: f64,
    pub distance_m: f64,
    pub load: f64,
    /// Sports in descending moving time.
    pub by_sport: Vec<SportVolume>,
    /// Foster's monotony (weeks only; none when every day had the same load).
    pub monotony: Option<f64>,
    /// Foster's strain: weekly load × monotony (weeks only).
    pub strain: Option<f64>,
}

fn period_start(day: NaiveDate, period: Period) -> NaiveDate {
    match period {
        Period::Week => day - Days::new(u64::from(day.weekday().num_days_from_monday())),
        Period::Month => day.with_day(1).unwrap_or(day),
    }
}

fn next_period(start: NaiveDate, period: Period) -> NaiveDate {
    match period {
        Period::Week => start + Days::new(7),
        Period::Month => start + Months::new(1),
    }
}

/// Per-activity rows (local day, sport, figures) between two local days.
pub(crate) async fn activity_days(
    tempo: &Tempo,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, repo::VolumeRow)>, AppError> {
    // Local days are at most 14 h from UTC: widen by a day each side, then
    // keep the rows whose local day is in range.
    let epoch = |d: NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .map_or(0, |t| t.and_utc().timestamp())
    };
    let rows = repo::volume_rows(
        tempo.store.connection(),
        epoch(from) - 86_400,
        epoch(to) + 2 * 86_400,
    )
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let local = chrono::DateTime::from_timestamp(
                r.start_epoch_s + i64::from(r.utc_offset_s.unwrap_or(0)),
                0,
            )?
            .date_naive();
            (from <= local && local <= to).then_some((local, r))
        })
        .collect())
}

fn check_range(from: NaiveDate, to: NaiveDate) -> Result<(), AppError> {
    if from > to {
        return Err(AppError::invalid(
            "from",
            "the start date is after the end date",
        ));
    }
    if (to - from).num_days() > 366 * 30 {
        return Err(AppError::invalid(
            "from",
            "the range is longer than 30 years",
        ));
    }
    Ok(())
}

/// Volume and load per week or month, by sport, between two days (default:
/// the 12 weeks or 12 months up to today). Periods are whole: the range is
/// widened to the start of its first period and the end of its last.
pub async fn volume(
    tempo: &Tempo,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    period: Period,
) -> Result<Vec<VolumePeriod>, AppError> {
    let to = to.unwrap_or_else(|| tempo.clock.today());
    let from = from.unwrap_or_else(|| match period {
        Period::Week => to - Days::new(7 * 11),
        Period::Month => to - Months::new(11),
    });
    check_range(from, to)?;
    let first = period_start(from, period);
    let last_end = next_period(period_start(to, period), period) - Days::new(1);
    let rows = activity_days(tempo, first, last_end).await?;

    let mut periods: BTreeMap<NaiveDate, (BTreeMap<String, SportVolume>, [f64; 7])> =
        BTreeMap::new();
    let mut start = first;
    while start <= last_end {
        periods.insert(start, (BTreeMap::new(), [0.0; 7]));
        start = next_period(start, period);
    }
    for (day, r) in rows {
        let Some((sports, daily)) = periods.get_mut(&period_start(day, period)) else {
            continue;
        };
        let load = r.load.unwrap_or(0.0);
        if period == Period::Week {
            daily[day.weekday().num_days_from_monday() as usize] += load;
        }
        sports
            .entry(r.sport.clone())
            .or_insert_with(|| SportVolume::empty(&r.sport))
            .add(&r);
    }
    Ok(periods
        .into_iter()
        .map(|(start, (sports, daily))| {
            let mut by_sport: Vec<SportVolume> = sports
                .into_values()
                .map(|v| SportVolume {
                    moving_s: round(v.moving_s, 0),
                    distance_m: round(v.distance_m, 0),
                    ascent_m: round(v.ascent_m, 0),
                    load: round(v.load, 1),
                    ..v
                })
                .collect();
            by_sport.sort_by(|a, b| b.moving_s.total_cmp(&a.moving_s));
            let strain = (period == Period::Week && daily.iter().any(|l| *l > 0.0))
                .then(|| load::foster_week(&daily));
            VolumePeriod {
                start,
                end: next_period(start, period) - Days::new(1),
                activities: by_sport.iter().map(|s| s.activities).sum(),
                // `round` also turns the empty sum's −0.0 into 0.0.
                moving_s: round(by_sport.iter().map(|s| s.moving_s).sum(), 0),
                distance_m: round(by_sport.iter().map(|s| s.distance_m).sum(), 0),
                load: round(by_sport.iter().map(|s| s.load).sum(), 1),
                by_sport,
                monotony: strain.and_then(|s| s.monotony).map(|m| round(m, 2)),
                strain: strain.and_then(|s| s.strain).map(|m| round(m, 0)),
            }
        })
        .collect())
}

/// Where the athlete stands today.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct TrainingStatus {
    pub date: NaiveDate,
    pub ctl: f64,
    pub atl: f64,
    pub tsb: f64,
    pub ramp_7d: Option<f64>,
    /// Acute (7-day) : chronic (28-day) load ratio; 0.8–1.3 is the usual
    /// target, above 1.5 injury risk rises (Gabbett).
    pub acwr: Option<f64>,
    /// Foster's monotony and strain over the last 7 days.
    pub monotony: Option<f64>,
    pub strain: Option<f64>,
    /// Totals of the last 7 days (today included).
    pub last_7_days: SportVolume,
}

/// Today's form, ramp, acute:chronic ratio, monotony and strain, and the
/// volume of the last 7 days.
pub async fn status(tempo: &Tempo) -> Result<TrainingStatus, AppError> {
    let today = tempo.clock.today();
    let start_28 = today - Days::new(27);
    let series = super::load_series(tempo, Some(start_28), Some(today)).await?;
    // The series starts at the first day with a load: pad the 28 days.
    let mut daily = [0.0; 28];
    for d in &series {
        let i = (d.date - start_28).num_days();
        if (0..28).contains(&i) {
            daily[i as usize] = d.load;
        }
    }
    let last = series.last();
    let week: [f64; 7] = daily[21..].try_into().unwrap_or([0.0; 7]);
    let strain = week
        .iter()
        .any(|l| *l > 0.0)
        .then(|| load::foster_week(&week));
    let rows = activity_days(tempo, today - Days::new(6), today).await?;
    let mut total = SportVolume::empty("all");
    for (_, r) in &rows {
        total.add(r);
    }
    total.load = round(total.load, 1);
    Ok(TrainingStatus {
        date: today,
        ctl: last.map_or(0.0, |d| d.ctl),
        atl: last.map_or(0.0, |d| d.atl),
        tsb: last.map_or(0.0, |d| d.tsb),
        ramp_7d: last.and_then(|d| d.ramp_7d),
        acwr: load::acwr(&daily).map(|v| round(v, 2)),
        monotony: strain.and_then(|s| s.monotony).map(|v| round(v, 2)),
        strain: strain.and_then(|s| s.strain).map(|v| round(v, 0)),
        last_7_days: total,
    })
}

/// Which mean-max curve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CurveKind {
    /// Watts, all sports with power.
    Power,
    /// Speed in m/s, runs, walks and hikes.
    Pace,
}

/// An inclusive range of local days.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct DateRange {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// One point of a season's curve and the activity that set it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct CurvePoint {
    pub duration_s: u32,
    /// Watts, or m/s for pace.
    pub value: f64,
    pub activity_id: i32,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct MeanMaxCurve {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Non-increasing in duration; empty when no activity in the range has
    /// the data.
    pub points: Vec<CurvePoint>,
}

/// The best the athlete did over each duration, within each date range (a
/// season comparison asks for several ranges at once).
pub async fn mean_max(
    tempo: &Tempo,
    kind: CurveKind,
    ranges: &[DateRange],
) -> Result<Vec<MeanMaxCurve>, AppError> {
    if ranges.is_empty() || ranges.len() > 8 {
        return Err(AppError::invalid(
            "ranges",
            "give between 1 and 8 date ranges",
        ));
    }
    for r in ranges {
        check_range(r.from, r.to)?;
    }
    let from = ranges.iter().map(|r| r.from).min();
    let to = ranges.iter().map(|r| r.to).max();
    let rows = summary::load(tempo, from, to).await?;
    Ok(ranges
        .iter()
        .map(|r| {
            let mut best: BTreeMap<u32, CurvePoint> = BTreeMap::new();
            for row in rows.iter().filter(|s| r.from <= s.date && s.date <= r.to) {
                let curve = match kind {
                    CurveKind::Power => &row.summary.power_curve,
                    CurveKind::Pace => &row.summary.speed_curve,
                };
                for &(d, v) in curve {
                    if best.get(&d).is_none_or(|b| v > b.value) {
                        best.insert(
                            d,
                            CurvePoint {
                                duration_s: d,
                                value: v,
                                activity_id: dto_id(row.activity_id),
                                date: row.date,
                            },
                        );
                    }
                }
            }
            // Each activity's curve is non-increasing, and so is their
            // point-wise maximum.
            MeanMaxCurve {
                from: r.from,
                to: r.to,
                points: best.into_values().collect(),
            }
        })
        .collect())
}

/// Seconds in one zone, summed over activities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ZoneTotal {
    pub name: String,
    pub seconds: u32,
}

/// Time in zones over a range for one zone model. Each activity counts in the
/// model and with the thresholds in force on its day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ZoneDistribution {
    /// "heart", "power" or "pace".
    pub kind: String,
    /// "friel_lthr", "percent_hrmax", "coggan", "daniels".
    pub model: String,
    pub activities: u32,
    pub zones: Vec<ZoneTotal>,
}

/// Where the time went, by zone model, between two days (default: the last 28
/// days). Models with no time are left out.
pub async fn zone_distribution(
    tempo: &Tempo,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<ZoneDistribution>, AppError> {
    let to = to.unwrap_or_else(|| tempo.clock.today());
    let from = from.unwrap_or(to - Days::new(27));
    check_range(from, to)?;
    let rows = summary::load(tempo, Some(from), Some(to)).await?;
    let mut out: Vec<ZoneDistribution> = Vec::new();
    for row in &rows {
        let s = &row.summary;
        for (kind, set) in [
            ("heart", &s.hr_zones),
            ("power", &s.power_zones),
            ("pace", &s.pace_zones),
        ] {
            let Some(set) = set else { continue };
            let i = match out
                .iter()
                .position(|d| d.kind == kind && d.model == set.model)
            {
                Some(i) => i,
                None => {
                    out.push(ZoneDistribution {
                        kind: kind.into(),
                        model: set.model.clone(),
                        activities: 0,
                        zones: set
                            .zones
                            .iter()
                            .map(|(n, _)| ZoneTotal {
                                name: n.clone(),
                                seconds: 0,
                            })
                            .collect(),
                    });
                    out.len() - 1
                }
            };
            let dist = &mut out[i];
            dist.activities += 1;
            for (name, secs) in &set.zones {
                match dist.zones.iter_mut().find(|z| &z.name == name) {
                    Some(z) => z.seconds += secs,
                    None => dist.zones.push(ZoneTotal {
                        name: name.clone(),
                        seconds: *secs,
                    }),
                }
            }
        }
    }
    out.retain(|d| d.zones.iter().any(|z| z.seconds > 0));
    Ok(out)
}
