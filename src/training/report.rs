//! The trainer's report over stored attempts: per trainee, per case and per
//! category, the score, keys over par, traps taken and time; categories
//! weakest first. Pure: the front end reads the attempts and formats this.

use super::attempts::Attempt;
use serde::Serialize;
use std::collections::BTreeMap;

/// Which attempts a report covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportFilter {
    /// One trainee, by name (compared ignoring case and surrounding space).
    pub trainee: Option<String>,
    /// Attempts started at or after this time (Unix seconds, UTC).
    pub since: Option<u64>,
}

impl ReportFilter {
    pub fn matches(&self, a: &Attempt) -> bool {
        self.trainee
            .as_deref()
            .is_none_or(|t| t.trim().eq_ignore_ascii_case(a.trainee.trim()))
            && self.since.is_none_or(|s| a.started_at >= s)
    }
}

/// Totals over a group of attempts.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Totals {
    pub attempts: usize,
    /// Mean score, rounded.
    pub score: u32,
    pub best: u32,
    /// Attempts with the right diagnosis.
    pub right: usize,
    /// Mean keys over par, to one decimal.
    pub keys_over_par: f64,
    pub traps: usize,
    /// Mean time, seconds.
    pub seconds: u64,
}

impl Totals {
    fn of<'a>(attempts: impl IntoIterator<Item = &'a Attempt>) -> Totals {
        let mut t = Totals::default();
        let (mut score, mut over, mut secs) = (0u64, 0usize, 0u64);
        for a in attempts {
            t.attempts += 1;
            score += u64::from(a.score);
            t.best = t.best.max(a.score);
            t.right += usize::from(a.right);
            over += a.keys_over_par();
            t.traps += a.traps.len();
            secs += a.seconds;
        }
        if t.attempts > 0 {
            let n = t.attempts as u64;
            t.score = u32::try_from((score + n / 2) / n).unwrap_or(u32::MAX);
            t.keys_over_par = (over as f64 * 10.0 / n as f64).round() / 10.0;
            t.seconds = (secs + n / 2) / n;
        }
        t
    }
}

/// One case, for one trainee.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseLine {
    pub case_id: String,
    pub category: String,
    pub totals: Totals,
    /// Every trap taken on this case, by label, once each.
    pub traps: Vec<String>,
}

/// One category's totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryLine {
    pub category: String,
    pub totals: Totals,
}

/// Everything about one trainee.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TraineeReport {
    pub trainee: String,
    pub totals: Totals,
    /// Weakest first.
    pub categories: Vec<CategoryLine>,
    pub cases: Vec<CaseLine>,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub trainees: Vec<TraineeReport>,
    /// Over every trainee in the report, weakest first.
    pub categories: Vec<CategoryLine>,
}

/// Weakest first: the lowest mean score, then the most traps, then name.
fn weakest_first(lines: &mut [CategoryLine]) {
    lines.sort_by(|a, b| {
        a.totals
            .score
            .cmp(&b.totals.score)
            .then(b.totals.traps.cmp(&a.totals.traps))
            .then(a.category.cmp(&b.category))
    });
}

fn categories<'a>(attempts: &[&'a Attempt]) -> Vec<CategoryLine> {
    let mut by: BTreeMap<&str, Vec<&'a Attempt>> = BTreeMap::new();
    for a in attempts {
        by.entry(a.category.as_str()).or_default().push(a);
    }
    let mut lines: Vec<CategoryLine> = by
        .into_iter()
        .map(|(c, v)| CategoryLine {
            category: c.to_string(),
            totals: Totals::of(v.iter().copied()),
        })
        .collect();
    weakest_first(&mut lines);
    lines
}

impl Report {
    pub fn build(attempts: &[Attempt], filter: &ReportFilter) -> Report {
        let chosen: Vec<&Attempt> = attempts.iter().filter(|a| filter.matches(a)).collect();
        let mut by_trainee: BTreeMap<&str, Vec<&Attempt>> = BTreeMap::new();
        for a in &chosen {
            by_trainee.entry(a.trainee.as_str()).or_default().push(a);
        }
        let trainees = by_trainee
            .into_iter()
            .map(|(name, list)| {
                let mut by_case: BTreeMap<&str, Vec<&Attempt>> = BTreeMap::new();
                for a in &list {
                    by_case.entry(a.case_id.as_str()).or_default().push(a);
                }
                let cases = by_case
                    .into_iter()
                    .map(|(id, v)| {
                        let mut traps: Vec<String> = Vec::new();
                        for t in v.iter().flat_map(|a| a.traps.iter()) {
                            if !traps.contains(t) {
                                traps.push(t.clone());
                            }
                        }
                        CaseLine {
                            case_id: id.to_string(),
                            category: v[0].category.clone(),
                            totals: Totals::of(v.iter().copied()),
                            traps,
                        }
                    })
                    .collect();
                TraineeReport {
                    trainee: name.to_string(),
                    totals: Totals::of(list.iter().copied()),
                    categories: categories(&list),
                    cases,
                }
            })
            .collect();
        Report {
            trainees,
            categories: categories(&chosen),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.trainees.is_empty()
    }
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `YYYY-MM-DD` as the Unix time of its first second, UTC.
pub fn parse_date(s: &str) -> Option<u64> {
    let mut parts = s.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in_month = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if !(1970..=9999).contains(&y) || d == 0 || d > days_in_month {
        return None;
    }
    u64::try_from(days_from_civil(y, m, d) * 86_400).ok()
}

/// The UTC date of a Unix time, `YYYY-MM-DD`.
pub fn format_date(unix: u64) -> String {
    let z = i64::try_from(unix / 86_400).unwrap_or(0) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::training::score::{ScorePart, ScoreParts};

    fn attempt(trainee: &str, case: &str, category: &str, score: u32, traps: &[&str]) -> Attempt {
        let part = |points, max| ScorePart { points, max };
        Attempt {
            trainee: trainee.into(),
            case_id: case.into(),
            category: category.into(),
            difficulty: "easy".into(),
            started_at: parse_date("2026-11-29").unwrap() + 3600,
            seconds: 30,
            score,
            parts: ScoreParts {
                diagnosis: part(40, 40),
                path: part(20, 20),
                backtracks: part(10, 10),
                money_safety: part(20, 20),
                time: part(10, 10),
            },
            right: true,
            committed: None,
            keys: 4,
            par: 3,
            backtracks: 0,
            traps: traps.iter().map(|t| (*t).to_string()).collect(),
            must_see_missed: Vec::new(),
        }
    }

    #[test]
    fn dates_round_trip() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        let t = parse_date("2024-02-29").unwrap();
        assert_eq!(format_date(t + 86_399), "2024-02-29");
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("2026-13-01"), None);
        assert_eq!(parse_date("yesterday"), None);
    }

    #[test]
    fn the_report_groups_by_trainee_case_and_category_weakest_first() {
        let all = vec![
            attempt("Li", "network.a", "network", 100, &[]),
            attempt("Li", "renewal.a", "renewal", 90, &[]),
            attempt(
                "Wang",
                "network.a",
                "network",
                40,
                &["network.timeout step 4"],
            ),
            attempt("Wang", "renewal.a", "renewal", 80, &[]),
        ];
        let r = Report::build(&all, &ReportFilter::default());
        assert_eq!(r.trainees.len(), 2);
        let wang = &r.trainees[1];
        assert_eq!(wang.trainee, "Wang");
        assert_eq!(wang.categories[0].category, "network");
        assert_eq!(wang.totals.traps, 1);
        assert_eq!(wang.cases[0].traps, ["network.timeout step 4"]);
        assert_eq!(r.categories[0].category, "network");
        assert_eq!(r.categories[0].totals.score, 70);
        assert!((r.trainees[0].totals.keys_over_par - 1.0).abs() < f64::EPSILON);
        let only = Report::build(
            &all,
            &ReportFilter {
                trainee: Some(" li ".into()),
                since: None,
            },
        );
        assert_eq!(only.trainees.len(), 1);
        let later = Report::build(
            &all,
            &ReportFilter {
                trainee: None,
                since: parse_date("2026-11-30"),
            },
        );
        assert!(later.is_empty());
    }
}
