//! HAR files (HTTP Archive, exported from the browser's devtools): every request that carried
//! a session cookie (or a Bearer token), with its method, URL and time, each ready as an
//! [`Input`].
//!
//! A HAR can be tens of megabytes (response bodies are inlined). Parsing streams from any
//! reader into a model that keeps only request headers and cookies — bodies and every other
//! member are skipped by serde without being stored — and reports progress through a callback that can cancel.

use std::io::Read;

use serde::Deserialize;

use crate::cookie::{self, Input};

/// Largest HAR accepted (bytes).
pub const MAX_HAR_BYTES: u64 = 1 << 30;

/// One request that carried a session cookie or a Bearer token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HarEntry {
    /// Position among all the HAR's entries (0-based).
    pub index: usize,
    /// `GET`, `POST`, …
    pub method: String,
    /// Request URL.
    pub url: String,
    /// `startedDateTime` as written (ISO 8601).
    pub started: String,
    /// Response status (0 when the HAR has none).
    pub status: u16,
    /// Names of the session cookies it carried.
    pub session_cookies: Vec<String>,
    /// It carried `Authorization: Bearer …`.
    pub bearer: bool,
    /// The request as an input.
    pub input: Input,
}

/// A HAR reduced to the requests that matter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HarDocument {
    /// How many entries the HAR has in all.
    pub total_entries: usize,
    /// The requests with a session cookie or Bearer token, in file order.
    pub entries: Vec<HarEntry>,
    /// Requests that had no cookies at all (a HAR exported without sensitive data has none).
    pub requests_without_cookies: usize,
}

/// Why a HAR could not be read.
#[derive(Debug, thiserror::Error)]
pub enum HarError {
    /// Not JSON, or not the HAR structure.
    #[error("not a HAR file: {0}")]
    Invalid(String),
    /// Bigger than [`MAX_HAR_BYTES`].
    #[error("the file is {0} bytes; authlab reads HAR files up to 1 GiB")]
    TooLarge(u64),
    /// The progress callback asked to stop.
    #[error("cancelled")]
    Cancelled,
    /// Reading failed.
    #[error("cannot read the file: {0}")]
    Io(String),
}

#[derive(Deserialize)]
struct Har {
    log: Log,
}

#[derive(Deserialize)]
struct Log {
    #[serde(default)]
    entries: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(default, rename = "startedDateTime")]
    started: Lenient,
    request: Request,
    #[serde(default)]
    response: Option<Response>,
}

#[derive(Deserialize)]
struct Request {
    #[serde(default)]
    method: Lenient,
    #[serde(default)]
    url: Lenient,
    #[serde(default)]
    headers: Vec<NameValue>,
    #[serde(default)]
    cookies: Vec<NameValue>,
}

#[derive(Deserialize)]
struct Response {
    #[serde(default)]
    status: Option<serde_json::Number>,
}

#[derive(Deserialize)]
struct NameValue {
    #[serde(default)]
    name: Lenient,
    #[serde(default)]
    value: Lenient,
}

/// A string field that tolerates `null`, numbers and booleans (hand-edited HARs).
#[derive(Default)]
struct Lenient(String);

impl<'de> Deserialize<'de> for Lenient {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self(match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(s) => s,
            other @ (serde_json::Value::Number(_) | serde_json::Value::Bool(_)) => other.to_string(),
            _ => String::new(),
        }))
    }
}

/// Counts bytes and asks the callback whether to go on.
struct Progress<'a, R> {
    inner: R,
    read: u64,
    callback: &'a mut dyn FnMut(u64) -> bool,
    cancelled: bool,
}

impl<R: Read> Read for Progress<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if !(self.callback)(self.read) {
            self.cancelled = true;
            return Err(std::io::Error::other("cancelled"));
        }
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.read > MAX_HAR_BYTES {
            return Err(std::io::Error::other("too large"));
        }
        Ok(n)
    }
}

/// Reads a HAR from `reader`. `progress(bytes_read)` is called as it goes; returning `false`
/// cancels. Memory stays proportional to the request headers, not the file.
pub fn parse_reader<R: Read>(reader: R, progress: &mut dyn FnMut(u64) -> bool) -> Result<HarDocument, HarError> {
    let mut counted = Progress { inner: reader, read: 0, callback: progress, cancelled: false };
    let result: Result<Har, _> = serde_json::from_reader(std::io::BufReader::with_capacity(1 << 16, &mut counted));
    if counted.cancelled {
        return Err(HarError::Cancelled);
    }
    if counted.read > MAX_HAR_BYTES {
        return Err(HarError::TooLarge(counted.read));
    }
    match result {
        Ok(har) => Ok(reduce(har)),
        Err(e) if e.is_io() => Err(HarError::Io(e.to_string())),
        Err(e) => Err(HarError::Invalid(e.to_string())),
    }
}

/// Reads a HAR held in memory.
pub fn parse_str(text: &str) -> Result<HarDocument, HarError> {
    parse_reader(text.as_bytes(), &mut |_| true)
}

fn is_session_cookie(name: &str) -> bool {
    let base = name.strip_prefix(cookie::SECURE_PREFIX).unwrap_or(name);
    base.starts_with(cookie::V4_SESSION) || base.starts_with(cookie::V5_SESSION) || name.contains("session-token")
}

fn reduce(har: Har) -> HarDocument {
    let mut doc = HarDocument { total_entries: har.log.entries.len(), ..HarDocument::default() };
    for (index, entry) in har.log.entries.into_iter().enumerate() {
        let headers: Vec<(String, String)> = entry.request.headers.into_iter().map(|h| (h.name.0, h.value.0)).collect();
        let has_cookie_header = headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("cookie"));
        // The Cookie header is what the server saw; `cookies` is the devtools' parsed view,
        // used only when the header is missing (HTTP/2 exports sometimes drop it).
        let extra: Vec<String> = if has_cookie_header {
            Vec::new()
        } else {
            entry.request.cookies.iter().map(|c| format!("{}={}", c.name.0, c.value.0)).collect()
        };
        if !has_cookie_header && extra.is_empty() {
            doc.requests_without_cookies += 1;
        }
        let input = super::input_from_headers(&headers, &extra);
        let session_cookies: Vec<String> =
            input.cookies.iter().flatten().filter(|c| is_session_cookie(&c.name)).map(|c| c.name.clone()).collect();
        let bearer = input.authorization.as_deref().is_some_and(|a| a.starts_with("Bearer "));
        if session_cookies.is_empty() && !bearer {
            continue;
        }
        doc.entries.push(HarEntry {
            index,
            method: entry.request.method.0,
            url: entry.request.url.0,
            started: entry.started.0,
            status: entry
                .response
                .and_then(|r| r.status)
                .and_then(|n| n.as_u64())
                .and_then(|n| u16::try_from(n).ok())
                .unwrap_or(0),
            session_cookies,
            bearer,
            input,
        });
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn har(entries: &str) -> String {
        format!(r#"{{"log": {{"version": "1.2", "creator": {{"name": "x"}}, "entries": [{entries}]}}}}"#)
    }

    const WITH_SESSION: &str = r#"{"startedDateTime": "2026-01-01T10:00:00.000Z",
        "request": {"method": "GET", "url": "https://app/api/auth/session",
            "headers": [{"name": "cookie", "value": "theme=dark; __Secure-authjs.session-token=tok"}],
            "cookies": [{"name": "theme", "value": "dark"}], "postData": {"text": "ignored"}},
        "response": {"status": 200, "content": {"text": "a very large body"}}}"#;

    #[test]
    fn lists_requests_with_a_session_cookie() {
        let other = r#"{"request": {"method": "GET", "url": "https://app/logo.png", "headers": [], "cookies": []}}"#;
        let cookies_only = r#"{"request": {"method": "POST", "url": "https://app/x", "headers": [],
            "cookies": [{"name": "next-auth.session-token", "value": "v4tok"}]}}"#;
        let doc = parse_str(&har(&format!("{WITH_SESSION}, {other}, {cookies_only}"))).unwrap();
        assert_eq!(doc.total_entries, 3);
        assert_eq!(doc.requests_without_cookies, 1);
        assert_eq!(doc.entries.len(), 2);
        let first = &doc.entries[0];
        assert_eq!((first.index, first.method.as_str(), first.status), (0, "GET", 200));
        assert_eq!(first.started, "2026-01-01T10:00:00.000Z");
        assert_eq!(first.session_cookies, ["__Secure-authjs.session-token"]);
        assert_eq!(first.input.cookies.as_ref().unwrap()[1].value, "tok");
        assert_eq!(doc.entries[1].input.cookies.as_ref().unwrap()[0].value, "v4tok");
    }

    #[test]
    fn a_large_har_streams_and_progress_can_cancel() {
        let body = "x".repeat(1 << 20);
        let big = format!(
            r#"{{"request": {{"method": "GET", "url": "https://app/big", "headers": []}}, "response": {{"status": 200, "content": {{"text": "{body}"}}}}}}"#
        );
        let entries: Vec<String> = (0..20).map(|_| big.clone()).chain([WITH_SESSION.to_owned()]).collect();
        let text = har(&entries.join(","));
        let mut calls = 0;
        let doc = parse_reader(text.as_bytes(), &mut |_| {
            calls += 1;
            true
        })
        .unwrap();
        assert_eq!((doc.total_entries, doc.entries.len()), (21, 1));
        assert!(calls > 100, "progress is reported as the file is read ({calls})");
        let mut seen = 0u64;
        let cancelled = parse_reader(text.as_bytes(), &mut |read| {
            seen = read;
            read < 4 << 20
        });
        assert!(matches!(cancelled, Err(HarError::Cancelled)));
        assert!((4 << 20..5 << 20).contains(&seen));
    }

    #[test]
    fn hostile_input_is_an_error_not_a_panic() {
        for text in ["", "{", "[]", r#"{"log": 3}"#, r#"{"log": {"entries": [{"request": 1}]}}"#, &"[".repeat(100_000)]
        {
            assert!(parse_str(text).is_err(), "{text:.20}");
        }
        let odd = har(r#"{"request": {"method": null, "url": 7, "headers": [{"name": "Cookie", "value": true}]}}"#);
        assert!(parse_str(&odd).unwrap().entries.is_empty());
    }
}
