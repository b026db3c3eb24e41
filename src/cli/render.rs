//! Pure renderers: verdicts and check results as terminal text and as JSON.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::{Map, Value, json};

use crate::config::{Config, ConfigProblem};
use crate::diagnose::{Finding, Outcome, Severity, TokenSource, Verdict};
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
