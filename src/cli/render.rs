//! Pure renderers: verdicts and check results as terminal text and as JSON.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::{Map, Value, json};

use crate::config::{Config, ConfigProblem};
use crate::diagnose::explain::mark_label;
use crate::diagnose::matrix::Role;
use crate::diagnose::timeline::{MarkKind, Phase};
use crate::diagnose::{Finding, Outcome, Severity, TokenSource, Verdict};
use crate::input::har::HarDocument;
use crate::time::{UnixTime, relative};

/// `decode --json`: `{"outcome", "flavor", "header", "claims", "findings", …}`. The first five
/// fields are the stable contract; the rest are additions.
#[must_use]
pub fn verdict_json(v: &Verdict) -> String {
    let findings: Vec<Value> = v.findings.iter().map(finding_json).collect();
    let value = json!({
        "outcome": v.outcome,
        "flavor": v.flavor,
        "header": v.header,
        "claims": v.claims,
        "findings": findings,
        "library_error": v.library_error,
        "token_flavor": v.token_flavor,
        "source": v.source,
        "chunks": v.chunks,
        "reader": v.reader,
        "readers": v.readers.iter().map(|r| {
            let mut row = serde_json::to_value(r).unwrap_or(Value::Null);
            if let Some(obj) = row.as_object_mut() {
                obj.insert("findings".into(), Value::Array(r.findings.iter().map(finding_json).collect()));
            }
            row
        }).collect::<Vec<_>>(),
        "timeline": v.timeline,
        "size": v.size,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

fn finding_json(f: &Finding) -> Value {
    json!({"code": f.code, "severity": f.severity, "title": f.title, "why": f.why, "fix": f.fix})
}

fn marker(s: Severity) -> &'static str {
    match s {
        Severity::Error => "✗",
        Severity::Warning => "!",
        Severity::Info => "·",
    }
}

fn write_findings(out: &mut String, findings: &[Finding]) {
    for f in findings {
        let _ = writeln!(out, "{} {}  {}", marker(f.severity), f.code, f.title);
        let _ = writeln!(out, "    why: {}", f.why);
        let _ = writeln!(out, "    fix: {}", f.fix);
    }
}

fn pretty(map: &Map<String, Value>) -> String {
    serde_json::to_string_pretty(map).unwrap_or_default()
}

/// `decode` for a terminal.
#[must_use]
pub fn verdict_text(v: &Verdict, now: UnixTime) -> String {
    let mut out = String::new();
    let outcome = match v.outcome {
        Outcome::Accepted => "ACCEPTED",
        Outcome::Rejected => "REJECTED",
    };
    let _ = writeln!(
        out,
        "{outcome}  {} reader · cookie {} · salt {:?} · secrets: {}",
        v.flavor.package(),
        v.reader.cookie_name,
        v.reader.salt,
        if v.reader.secrets.is_empty() { "none".to_owned() } else { v.reader.secrets.join(", ") }
    );
    if let Some(enc) = &v.reader.encrypting {
        let _ = writeln!(out, "secret: encrypts with {enc}; decrypts with {}", v.reader.decrypting.join(", "));
    }
    match &v.source {
        Some(TokenSource::Cookie { name }) => {
            let _ = writeln!(out, "token from cookie {name}");
        }
        Some(TokenSource::Bearer) => {
            let _ = writeln!(out, "token from Authorization: Bearer");
        }
        Some(TokenSource::Bare) | None => {}
    }
    if let Some(e) = &v.library_error {
        let _ = writeln!(out, "library says: {}", e.display());
    }
    if let Some(f) = v.token_flavor
        && f != v.flavor
    {
        let _ = writeln!(out, "token made by: {}", f.package());
    }
    if !v.findings.is_empty() {
        out.push('\n');
        write_findings(&mut out, &v.findings);
    }
    if !v.chunks.is_empty() {
        out.push_str("\nchunks (joined in this order)\n");
        for c in &v.chunks {
            let index = c.index.map_or_else(|| "—".to_owned(), |i| i.to_string());
            let _ = writeln!(out, "  {index:>3}  {:<40} {:>6} chars", c.name, c.len);
        }
    }
    write_readers(&mut out, v);
    write_timeline(&mut out, v);
    write_size(&mut out, v);
    if let Some(h) = &v.header {
        let _ = writeln!(out, "\nheader {}", serde_json::to_string(h).unwrap_or_default());
    }
    if let Some(c) = &v.claims {
        let _ = writeln!(out, "\nclaims {}", pretty(c));
        for name in ["iat", "nbf", "exp"] {
            if let Some(t) = crate::token::claims::time_claim(c, name) {
                let _ = writeln!(out, "  {name:<4} {} ({})", t.to_utc_string(), relative(t, now));
            }
        }
    }
    let _ = writeln!(out, "\nnow {} ({})", now.to_utc_string(), now.0);
    out
}

fn outcome_word(o: Outcome) -> &'static str {
    match o {
        Outcome::Accepted => "ACCEPTED",
        Outcome::Rejected => "REJECTED",
    }
}

/// The reader matrix (only when `[[readers]]` are configured: otherwise it is the header line).
fn write_readers(out: &mut String, v: &Verdict) {
    if v.readers.len() < 2 {
        return;
    }
    out.push_str("\nreaders\n");
    let width = v.readers.iter().map(|r| r.name.chars().count()).max().unwrap_or(3).max(12);
    for r in &v.readers {
        let name = if r.role == Role::Writer { format!("{} (writer)", r.name) } else { r.name.clone() };
        let strategy = match r.strategy {
            crate::config::Strategy::Jwt => "jwt",
            crate::config::Strategy::Database => "database",
        };
        let _ = writeln!(
            out,
            "  {name:<w$}  {}  {} · cookie {} · salt {:?} · decoder {} · strategy {strategy}",
            outcome_word(r.outcome),
            r.reader.flavor,
            r.reader.cookie_name,
            r.reader.salt,
            r.decoder,
            w = width + 9
        );
        let pad = " ".repeat(width + 11);
        let _ = writeln!(
            out,
            "{pad}secret: encrypts with {}; decrypts with {}",
            r.reader.encrypting.as_deref().unwrap_or("none"),
            if r.reader.decrypting.is_empty() { "none".to_owned() } else { r.reader.decrypting.join(", ") }
        );
        let _ = writeln!(out, "{pad}secure cookie: {}", r.secure_reason);
        if let Some(e) = &r.library_error {
            let _ = writeln!(out, "{pad}library says: {}", e.display());
        }
        if r.role == Role::Reader {
            for f in &r.findings {
                let _ = writeln!(out, "{pad}{} {}  {}", marker(f.severity), f.code, f.title);
            }
        }
    }
}

fn write_timeline(out: &mut String, v: &Verdict) {
    let Some(t) = &v.timeline else { return };
    let phase = match t.phase {
        Phase::NotYetValid => "not yet valid",
        Phase::Valid => "valid",
        Phase::Grace => "expired, within the clock tolerance (still accepted)",
        Phase::Expired => "expired",
    };
    let _ = writeln!(out, "\ntimeline (clock tolerance {} s; now: {phase})", t.tolerance_secs);
    let width = t.marks.iter().map(|m| mark_label(m.kind).chars().count()).max().unwrap_or(0);
    for m in &t.marks {
        let line = if m.kind == MarkKind::Now {
            format!("  {}  {}", m.at.to_utc_string(), mark_label(m.kind))
        } else {
            format!("  {}  {:<width$}  {}", m.at.to_utc_string(), mark_label(m.kind), relative(m.at, t.now))
        };
        let _ = writeln!(out, "{line}");
    }
}

fn write_size(out: &mut String, v: &Verdict) {
    let Some(s) = &v.size else { return };
    let mut line = format!("\nsize: token {} chars in {} cookie(s)", s.value_chars, s.chunk_count);
    if let Some(h) = s.cookie_header_bytes {
        let _ = write!(line, " · Cookie header {h} bytes");
    }
    if let Some(p) = s.payload_bytes {
        let _ = write!(line, " · claims {p} bytes");
    }
    let _ = writeln!(out, "{line}");
    for c in s.claims.iter().take(8) {
        let _ = writeln!(out, "  {:<24} {:>7} bytes {:>6.1} %", c.name, c.bytes, c.percent);
    }
}

/// The requests of a HAR that carried a session cookie, with the one judged marked.
#[must_use]
pub fn har_text(doc: &HarDocument, picked: usize) -> String {
    let mut out = format!(
        "HAR: {} of {} requests carried a session cookie or Bearer token (judging #{}; pick another with --har-entry N)\n",
        doc.entries.len(),
        doc.total_entries,
        picked + 1
    );
    for (i, e) in doc.entries.iter().enumerate() {
        let mark = if i == picked { "→" } else { " " };
        let what = if e.session_cookies.is_empty() { "Bearer".to_owned() } else { e.session_cookies.join(", ") };
        let _ = writeln!(out, "{mark} #{:<3} {} {:<6} {} [{what}]", i + 1, e.started, e.method, e.url);
    }
    out
}

/// The HAR listing as JSON (added to `decode --json` as `har`).
#[must_use]
pub fn har_json(doc: &HarDocument, picked: usize) -> Value {
    json!({
        "total_entries": doc.total_entries,
        "picked": picked + 1,
        "entries": doc.entries.iter().enumerate().map(|(i, e)| json!({
            "n": i + 1,
            "har_index": e.index,
            "method": e.method,
            "url": e.url,
            "started": e.started,
            "status": e.status,
            "session_cookies": e.session_cookies,
            "bearer": e.bearer,
        })).collect::<Vec<_>>(),
    })
}

/// `check --json`.
#[must_use]
pub fn check_json(path: &Path, problems: &[ConfigProblem], findings: &[Finding]) -> String {
    let value = json!({
        "file": path.display().to_string(),
        "problems": problems,
        "findings": findings.iter().map(finding_json).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// `check` for a terminal.
#[must_use]
pub fn check_text(path: &Path, config: &Config, problems: &[ConfigProblem], findings: &[Finding]) -> String {
    let mut out = String::new();
    for p in problems {
        let _ = writeln!(out, "{}:{p}", path.display());
    }
    write_findings(&mut out, findings);
    if problems.is_empty() && findings.is_empty() {
        let _ = writeln!(
            out,
            "{}: OK — {} · cookie {} · {} secret(s)",
            path.display(),
            config.version.package(),
            config.session_cookie_name(),
            config.secrets.len()
        );
    }
    out
}
