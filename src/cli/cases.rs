//! `posdoc cases`: the cases kept, as a list, one in full (`show CODE`), or
//! all of them exported as Markdown, JSON or CSV for a ticket or a
//! spreadsheet. Whatever the store is, the text of a case was masked when
//! it was typed; what people typed still goes out through
//! [`for_echo`], so nothing in a case can move the terminal.

use crate::case::{self, Case, CaseCode, CaseFilter, CaseHeader, CaseStatus, CaseStore, Timestamp};
use crate::frontend::exit;
use crate::i18n::Strings;
use crate::present::{self, CaseSummary};
use crate::privacy::for_echo;
use crate::rules::{Lang, RuleSet};
use jiff::tz::TimeZone;
use serde_json::{json, Value};
use std::io::Write;
use unicode_width::UnicodeWidthStr;

pub use super::CasesFormat;

/// What `posdoc cases` (the list) was asked for.
#[derive(Debug, Clone, Default)]
pub struct ListOptions {
    pub open_only: bool,
    pub since: Option<Timestamp>,
    pub search: Option<String>,
    pub json: bool,
}

/// A time as `posdoc cases` shows it: local, to the minute.
pub fn local_time(at: Timestamp, tz: &TimeZone) -> String {
    match jiff::Timestamp::from_millisecond(at.0) {
        Ok(t) => t
            .to_zoned(tz.clone())
            .strftime("%Y-%m-%d %H:%M")
            .to_string(),
        Err(_) => at.0.to_string(),
    }
}

/// A time with its offset, for exports (RFC 3339, local offset).
pub fn export_time(at: Timestamp, tz: &TimeZone) -> String {
    match jiff::Timestamp::from_millisecond(at.0) {
        Ok(t) => t
            .to_zoned(tz.clone())
            .strftime("%Y-%m-%dT%H:%M:%S%:z")
            .to_string(),
        Err(_) => at.0.to_string(),
    }
}

/// Reads `--since`: a day (`2026-11-29`, from its midnight in `tz`), a
/// local date and time (`2026-11-29 14:00` or `2026-11-29T14:00:00`), or a
/// time with an offset (`2026-11-29T14:00:00Z`).
pub fn parse_since(text: &str, tz: &TimeZone) -> Option<Timestamp> {
    let text = text.trim();
    if let Ok(t) = text.parse::<jiff::Timestamp>() {
        return Some(Timestamp(t.as_millisecond()));
    }
    let civil = text.parse::<jiff::civil::DateTime>().ok().or_else(|| {
        text.parse::<jiff::civil::Date>()
            .ok()
            .map(|d| d.to_datetime(jiff::civil::Time::midnight()))
    })?;
    let zoned = civil.to_zoned(tz.clone()).ok()?;
    Some(Timestamp(zoned.timestamp().as_millisecond()))
}

/// The title of node `id` in `lang`, or the id itself when today's rules
/// no longer have it.
fn node_title(rules: &RuleSet, id: &str, lang: Lang) -> String {
    rules.find(id).map_or_else(
        || id.to_string(),
        |i| rules.node(i).title().get(lang).to_string(),
    )
}

/// How a case stands, in words.
fn status_word(status: &CaseStatus, s: &Strings) -> String {
    s.get(&format!("cases.status.{}", status.key())).to_string()
}

/// The operator, and who holds the case now when that is someone else.
fn people(h: &CaseHeader) -> String {
    match &h.holder {
        Some(holder) if holder != &h.operator => format!("{} → {}", h.operator, holder),
        _ => h.operator.clone(),
    }
}

/// Writes rows as columns padded to their display width (Chinese takes two
/// columns a character).
fn write_table(rows: &[Vec<String>], out: &mut dyn Write) -> std::io::Result<()> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|cell| cell.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < row.len() {
                line.push_str(&" ".repeat(widths[c] - cell.width() + 2));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// What a store error says, in the user's language, on `err`; the exit code.
pub fn store_failed(e: &case::StoreError, s: &Strings, err: &mut dyn Write) -> anyhow::Result<i32> {
    let args = e.args();
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    writeln!(err, "posdoc: {}", for_echo(&s.fmt(e.key(), &args)))?;
    Ok(exit::PROBLEMS)
}

/// `posdoc cases`: the list, newest first.
pub fn list(
    store: &mut dyn CaseStore,
    rules: &RuleSet,
    opts: &ListOptions,
    s: &Strings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<i32> {
    let filter = CaseFilter {
        open_only: opts.open_only,
        since: opts.since,
        operator: None,
        // A code as read aloud (`k7m-3x9`) finds its case: codes are kept
        // without the dash.
        text: opts
            .search
            .as_deref()
            .map(|raw| {
                CaseCode::parse(raw)
                    .map_or_else(|_| case::intake::clean(raw), |c| c.as_str().to_string())
            })
            .filter(|t| !t.is_empty()),
        limit: None,
    };
    let headers = match store.list(&filter) {
        Ok(h) => h,
        Err(e) => return store_failed(&e, s, err),
    };
    let tz = TimeZone::system();
    if opts.json {
        let all: Vec<Value> = headers
            .iter()
            .map(|h| header_json(h, rules, s.lang, &tz))
            .collect();
        writeln!(out, "{}", Value::Array(all))?;
        return Ok(exit::OK);
    }
    if headers.is_empty() {
        writeln!(out, "{}", s.get("cases.none"))?;
        return Ok(exit::OK);
    }
    let mut rows = vec![vec![
        s.get("cases.col.code").to_string(),
        s.get("cases.col.started").to_string(),
        s.get("cases.col.operator").to_string(),
        s.get("cases.col.status").to_string(),
        s.get("cases.col.caller").to_string(),
        s.get("cases.col.where").to_string(),
    ]];
    for h in &headers {
        let caller = [h.caller.terminal_id.as_str(), h.caller.amount.as_str()]
            .iter()
            .filter(|v| !v.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" / ");
        rows.push(vec![
            h.code.grouped(),
            local_time(h.started_at, &tz),
            for_echo(&people(h)),
            status_word(&h.status, s),
            for_echo(&caller),
            h.last_node
                .as_deref()
                .map(|id| node_title(rules, id, s.lang))
                .unwrap_or_default(),
        ]);
    }
    write_table(&rows, out)?;
    Ok(exit::OK)
}

fn header_json(h: &CaseHeader, rules: &RuleSet, lang: Lang, tz: &TimeZone) -> Value {
    json!({
        "code": h.code.grouped(),
        "started_at": export_time(h.started_at, tz),
        "ended_at": h.ended_at.map(|t| export_time(t, tz)),
        "operator": h.operator,
        "holder": h.holder,
        "role": h.role.key(),
        "status": h.status,
        "caller": h.caller,
        "last_node": h.last_node,
        "last_title": h.last_node.as_deref().map(|id| node_title(rules, id, lang)),
        "events": h.events,
    })
}

/// The case `typed` names, or None after saying on `err` that there is none.
fn find(
    store: &mut dyn CaseStore,
    typed: &str,
    s: &Strings,
    err: &mut dyn Write,
) -> anyhow::Result<Result<Case, i32>> {
    let not_found = |err: &mut dyn Write, shown: &str| -> anyhow::Result<Result<Case, i32>> {
        writeln!(
            err,
            "posdoc: {}",
            s.fmt("store.not_found", &[("code", shown)])
        )?;
        Ok(Err(exit::PROBLEMS))
    };
    let Ok(code) = CaseCode::parse(typed) else {
        return not_found(err, &for_echo(typed));
    };
    match store.get(&code) {
        Ok(Some(case)) => Ok(Ok(case)),
        Ok(None) => not_found(err, &code.grouped()),
        Err(e) => Ok(Err(store_failed(&e, s, err)?)),
    }
}

/// `posdoc cases show CODE`: the whole case.
pub fn show(
    store: &mut dyn CaseStore,
    rules: &RuleSet,
    typed: &str,
    s: &Strings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<i32> {
    let case = match find(store, typed, s, err)? {
        Ok(case) => case,
        Err(code) => return Ok(code),
    };
    write!(out, "{}", case_text(&case, rules, s, &TimeZone::system()))?;
    Ok(exit::OK)
}

/// A case in full, as `cases show` prints it: the TUI's summary text
/// (`present::case_text_in`) in local time, each line made safe for the
/// terminal (a record from a shared database may hold anything), and how to
/// go on when it is still open.
pub fn case_text(case: &Case, rules: &RuleSet, s: &Strings, tz: &TimeZone) -> String {
    let resumed = case::resume(rules, &case.trail());
    let summary = CaseSummary::new(&resumed.session, s);
    let context = present::CaseContext {
        times: present::Times::Zone(tz.clone()),
        missing_nodes: &resumed.missing,
    };
    let mut o = String::new();
    for line in present::case_text_in(case, &summary, s, &context).lines() {
        o.push_str(&for_echo(line));
        o.push('\n');
    }
    if case.is_open() {
        o.push_str(&format!(
            "\n{}\n",
            s.fmt("cases.resume_hint", &[("code", &case.code.grouped())])
        ));
    }
    o
}

/// What `cases export` writes.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub format: CasesFormat,
    pub since: Option<Timestamp>,
}

/// `posdoc cases export`: every case (since a time), oldest last, to `out`.
pub fn export(
    store: &mut dyn CaseStore,
    rules: &RuleSet,
    opts: &ExportOptions,
    s: &Strings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<i32> {
    let filter = CaseFilter {
        since: opts.since,
        ..CaseFilter::default()
    };
    let headers = match store.list(&filter) {
        Ok(h) => h,
        Err(e) => return store_failed(&e, s, err),
    };
    let mut cases = Vec::with_capacity(headers.len());
    for h in &headers {
        match store.get(&h.code) {
            Ok(Some(case)) => cases.push(case),
            // Removed between the list and now: not exported.
            Ok(None) => {}
            Err(e) => return store_failed(&e, s, err),
        }
    }
    let tz = TimeZone::system();
    match opts.format {
        CasesFormat::Csv => write_csv(&cases, rules, s.lang, &tz, out)?,
        CasesFormat::Json => {
            let all: Vec<Value> = cases
                .iter()
                .map(|c| case_json(c, rules, s.lang, &tz))
                .collect();
            serde_json::to_writer_pretty(&mut *out, &Value::Array(all))?;
            writeln!(out)?;
        }
        CasesFormat::Md => {
            writeln!(out, "# {}\n", s.get("cases.export_title"))?;
            for case in &cases {
                let text = case_text(case, rules, s, &tz);
                let mut lines = text.lines();
                if let Some(first) = lines.next() {
                    writeln!(out, "## {first}\n")?;
                }
                // An indented block keeps the layout and shows any Markdown
                // in a note as typed.
                for l in lines {
                    if l.is_empty() {
                        writeln!(out)?;
                    } else {
                        writeln!(out, "    {l}")?;
                    }
                }
                writeln!(out)?;
            }
        }
    }
    Ok(exit::OK)
}

fn case_json(case: &Case, rules: &RuleSet, lang: Lang, tz: &TimeZone) -> Value {
    let mut v = header_json(&case.header(), rules, lang, tz);
    if let Some(obj) = v.as_object_mut() {
        obj.insert("lang".into(), json!(case.lang.code()));
        obj.insert(
            "notes".into(),
            Value::Array(
                case.notes()
                    .map(|(e, text)| {
                        json!({"at": export_time(e.at, tz), "operator": e.operator, "text": text})
                    })
                    .collect(),
            ),
        );
        obj.insert("events".into(), json!(case.events));
    }
    v
}

/// The CSV columns, in order.
const CSV_COLUMNS: [&str; 17] = [
    "code",
    "started_at",
    "ended_at",
    "operator",
    "holder",
    "role",
    "lang",
    "status",
    "outcome_node",
    "merchant_id",
    "terminal_id",
    "amount",
    "sale_time",
    "last_four",
    "last_node",
    "last_title",
    "notes",
];

fn write_csv(
    cases: &[Case],
    rules: &RuleSet,
    lang: Lang,
    tz: &TimeZone,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut buf = String::new();
    push_csv_row(&mut buf, CSV_COLUMNS.iter().map(|c| (*c).to_string()));
    for case in cases {
        let outcome_node = match &case.status {
            CaseStatus::Resolved { node, .. } => node.clone(),
            CaseStatus::Escalated { escalation, .. } => escalation.clone(),
            CaseStatus::InProgress | CaseStatus::Abandoned => String::new(),
        };
        let last_node = case
            .trail()
            .last()
            .map(|p| p.node.clone())
            .unwrap_or_default();
        let last_title = if last_node.is_empty() {
            String::new()
        } else {
            node_title(rules, &last_node, lang)
        };
        let notes: Vec<String> = case
            .notes()
            .map(|(e, text)| format!("{} {}: {text}", export_time(e.at, tz), e.operator))
            .collect();
        let c = &case.caller;
        push_csv_row(
            &mut buf,
            [
                case.code.grouped(),
                export_time(case.started_at, tz),
                case.ended_at
                    .map(|t| export_time(t, tz))
                    .unwrap_or_default(),
                case.operator.clone(),
                case.holder.clone().unwrap_or_default(),
                case.role.key().to_string(),
                case.lang.code().to_string(),
                case.status.key().to_string(),
                outcome_node,
                c.merchant_id.clone(),
                c.terminal_id.clone(),
                c.amount.clone(),
                c.sale_time.clone(),
                c.last_four.clone(),
                last_node,
                last_title,
                notes.join(" | "),
            ]
            .into_iter(),
        );
        if buf.len() > 64 * 1024 {
            out.write_all(buf.as_bytes())?;
            buf.clear();
        }
    }
    out.write_all(buf.as_bytes())
}

/// One CSV line (RFC 4180: fields with a comma, quote or line break are
/// quoted, quotes doubled, lines end in CRLF). A cell a spreadsheet would
/// take for a formula (starting with = + - @, or a tab or CR) gets a `'`
/// in front, so opening the export runs nothing.
fn push_csv_row(buf: &mut String, cells: impl Iterator<Item = String>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            buf.push(',');
        }
        buf.push_str(&csv_cell(&cell));
    }
    buf.push_str("\r\n");
}

/// One CSV cell, made safe for a spreadsheet and quoted as RFC 4180 asks.
pub fn csv_cell(cell: &str) -> String {
    let safe = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    };
    if safe.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", safe.replace('"', "\"\""))
    } else {
        safe
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_never_formulas() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-2"), "'-2");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_cell(""), "");
    }

    #[test]
    fn since_reads_days_local_times_and_offsets() {
        let utc = TimeZone::UTC;
        let day = parse_since("2026-11-29", &utc).unwrap();
        assert_eq!(day.0, 1_795_910_400_000);
        assert_eq!(
            parse_since("2026-11-29 01:00", &utc).unwrap().0,
            day.0 + 3_600_000
        );
        assert_eq!(
            parse_since("2026-11-29T01:00:00+01:00", &utc).unwrap().0,
            day.0
        );
        let taipei =
            TimeZone::get("Asia/Taipei").unwrap_or_else(|_| TimeZone::fixed(jiff::tz::offset(8)));
        assert_eq!(
            parse_since("2026-11-29", &taipei).unwrap().0,
            day.0 - 8 * 3_600_000
        );
        assert!(parse_since("last tuesday", &utc).is_none());
        assert!(parse_since("2026-13-01", &utc).is_none());
    }

    #[test]
    fn times_show_in_the_given_zone() {
        let t = Timestamp(1_795_910_400_000);
        assert_eq!(local_time(t, &TimeZone::UTC), "2026-11-29 00:00");
        assert_eq!(
            export_time(t, &TimeZone::fixed(jiff::tz::offset(8))),
            "2026-11-29T08:00:00+08:00"
        );
    }
}
