//! Everything a user can copy out of a browser or a server, turned into an [`Input`]:
//! a `curl` command ([`curl`]), a raw HTTP request or response ([`http`]), a HAR file from the
//! devtools ([`har`]). Pure parsers: text (or a reader) in, data out; hostile or huge input
//! gives an error or an empty result, never a panic.

pub mod curl;
pub mod har;
pub mod http;

use crate::cookie::{self, Cookie, Input};

/// Largest paste the text parsers look at (a HAR goes through [`har`], which streams).
pub const MAX_PASTE_BYTES: usize = 8 << 20;

/// What kind of text a paste is, when it is more than headers and tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasteKind {
    /// `curl …` (bash or cmd quoting).
    Curl,
    /// `GET /path HTTP/1.1` + headers.
    HttpRequest,
    /// `HTTP/1.1 200 OK` + headers (`Set-Cookie`).
    HttpResponse,
    /// A HAR document (`{"log": {"entries": …}}`).
    Har,
}

/// Recognises a curl command, a raw HTTP message or a HAR document.
#[must_use]
pub fn detect(text: &str) -> Option<PasteKind> {
    let trimmed = text.trim_start();
    if trimmed.starts_with("curl ") || trimmed.starts_with("curl.exe ") || trimmed.starts_with("curl\t") {
        return Some(PasteKind::Curl);
    }
    if trimmed.starts_with('{') && trimmed.get(..4096).unwrap_or(trimmed).contains("\"log\"") {
        return Some(PasteKind::Har);
    }
    let first = trimmed.lines().next().unwrap_or_default();
    if http::is_request_line(first) {
        return Some(PasteKind::HttpRequest);
    }
    if first.starts_with("HTTP/") {
        return Some(PasteKind::HttpResponse);
    }
    None
}

/// Parses a paste that [`detect`] recognises; `None` for anything else (headers, tokens).
#[must_use]
pub fn recognise(text: &str) -> Option<Input> {
    let text = text.get(..MAX_PASTE_BYTES).unwrap_or(text);
    match detect(text)? {
        PasteKind::Curl => Some(curl::parse(text).to_input()),
        PasteKind::HttpRequest | PasteKind::HttpResponse => Some(http::parse(text).to_input()),
        PasteKind::Har => {
            let doc = har::parse_str(text).ok()?;
            Some(doc.entries.last().map_or_else(Input::default, |e| e.input.clone()))
        }
    }
}

/// A request's headers as the parts an [`Input`] carries: every `Cookie` header joined
/// (`; `, as Node joins them), the first `Authorization`, and the other headers kept.
#[must_use]
pub fn input_from_headers(headers: &[(String, String)], extra_cookie_strings: &[String]) -> Input {
    let mut input = Input::default();
    let mut cookie_parts: Vec<&str> = Vec::new();
    for (name, value) in headers {
        if name.eq_ignore_ascii_case("cookie") {
            cookie_parts.push(value);
        } else if name.eq_ignore_ascii_case("authorization") {
            if input.authorization.is_none() {
                input.authorization = Some(value.trim().to_owned());
            }
        } else {
            input.headers.push((name.clone(), value.clone()));
        }
    }
    cookie_parts.extend(extra_cookie_strings.iter().map(String::as_str));
    if !cookie_parts.is_empty() {
        input.cookies = Some(cookie::parse_cookie_header(&cookie_parts.join("; ")));
    }
    input
}

/// Cookies from `Set-Cookie` header values, as a browser would then send them: the
/// `name=value` pair of each, a later one replacing an earlier one of the same name, and
/// deletions (`Max-Age=0` or a past `Expires` in 1970) removing it.
#[must_use]
pub fn cookies_from_set_cookie(values: &[&str]) -> Vec<Cookie> {
    let mut out: Vec<Cookie> = Vec::new();
    for v in values {
        let mut parts = v.split(';');
        let first = parts.next().unwrap_or_default();
        let Some(c) = cookie::parse_cookie_header(first).into_iter().next() else { continue };
        let deleted = parts.any(|attr| {
            let (k, val) = attr.split_once('=').unwrap_or((attr, ""));
            let k = k.trim();
            (k.eq_ignore_ascii_case("max-age") && val.trim().parse::<i64>().is_ok_and(|n| n <= 0))
                || (k.eq_ignore_ascii_case("expires") && val.contains("1970"))
        });
        out.retain(|k| k.name != c.name);
        if !deleted {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_kind() {
        assert_eq!(detect("curl 'https://x' -H 'Cookie: a=b'"), Some(PasteKind::Curl));
        assert_eq!(detect("  GET /api/auth/session HTTP/1.1\nHost: x"), Some(PasteKind::HttpRequest));
        assert_eq!(detect("HTTP/1.1 200 OK\nSet-Cookie: a=b"), Some(PasteKind::HttpResponse));
        assert_eq!(detect("{\"log\": {\"entries\": []}}"), Some(PasteKind::Har));
        assert_eq!(detect("Cookie: a=b"), None);
        assert_eq!(detect("eyJhbGciOi.x.y"), None);
    }

    #[test]
    fn set_cookie_deletions_remove_and_later_values_win() {
        let cookies = cookies_from_set_cookie(&[
            "a=1; Path=/",
            "b=2; Path=/",
            "a=3; Path=/; HttpOnly",
            "b=; Path=/; Max-Age=0",
            "c=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
        ]);
        assert_eq!(cookies, [Cookie { name: "a".into(), value: "3".into() }]);
    }
}
