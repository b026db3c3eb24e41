//! What the browser sends: `Cookie` headers, `Authorization: Bearer`, and the session
//! cookie as the libraries find it — including chunked cookies, reassembled exactly as
//! `SessionStore` does (every cookie whose name *starts with* the session cookie name,
//! sorted by the number after the last dot, concatenated).

use crate::token::Flavor;

/// The v4 (and v3) session cookie name.
pub const V4_SESSION: &str = "next-auth.session-token";
/// The v5 session cookie name.
pub const V5_SESSION: &str = "authjs.session-token";
/// The prefix the libraries add when cookies are secure (https).
pub const SECURE_PREFIX: &str = "__Secure-";

/// v4 `CHUNK_SIZE`: 4096 − 163.
pub const V4_CHUNK_SIZE: usize = 3933;
/// v5 `CHUNK_SIZE`: 4096 − 160.
pub const V5_CHUNK_SIZE: usize = 3936;

/// The default session cookie name for a version and security.
#[must_use]
pub fn session_cookie_name(flavor: Flavor, secure: bool) -> String {
    let base = match flavor {
        Flavor::V3 | Flavor::V4 => V4_SESSION,
        Flavor::V5 => V5_SESSION,
    };
    if secure { format!("{SECURE_PREFIX}{base}") } else { base.to_owned() }
}

/// The chunk size a version uses.
#[must_use]
pub fn chunk_size(flavor: Flavor) -> usize {
    match flavor {
        Flavor::V3 | Flavor::V4 => V4_CHUNK_SIZE,
        Flavor::V5 => V5_CHUNK_SIZE,
    }
}

/// Every cookie name either library could use for a session (both versions, both forms).
#[must_use]
pub fn all_session_cookie_names() -> [String; 4] {
    [
        V4_SESSION.to_owned(),
        format!("{SECURE_PREFIX}{V4_SESSION}"),
        V5_SESSION.to_owned(),
        format!("{SECURE_PREFIX}{V5_SESSION}"),
    ]
}

/// Cookie names the libraries use as HKDF salts, or that users pass by mistake: every
/// cookie of both versions, plain, `__Secure-` and `__Host-`.
#[must_use]
pub fn known_salts() -> Vec<String> {
    let mut out = vec![String::new()];
    for base in ["next-auth", "authjs"] {
        for suffix in
            ["session-token", "state", "pkce.code_verifier", "nonce", "callback-url", "csrf-token", "challenge"]
        {
            for prefix in ["", SECURE_PREFIX, "__Host-"] {
                out.push(format!("{prefix}{base}.{suffix}"));
            }
        }
    }
    out
}

/// One `name=value` pair from a `Cookie` header.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Cookie {
    /// Name, trimmed.
    pub name: String,
    /// Value, unquoted and percent-decoded as the `cookie` package does.
    pub value: String,
}

/// `decodeURIComponent` for the `%XX` escapes; `None` on a malformed escape or bad UTF-8.
#[must_use]
pub fn percent_decode(text: &str) -> Option<String> {
    if !text.contains('%') {
        return Some(text.to_owned());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Parses a `Cookie` header value the way the `cookie` package's `parse` does: pairs split
/// on `;`, pairs without `=` skipped, names and values trimmed, surrounding quotes removed,
/// values percent-decoded when possible; the **first** occurrence of a name wins.
#[must_use]
pub fn parse_cookie_header(header: &str) -> Vec<Cookie> {
    let header = strip_header_name(header, "cookie").unwrap_or(header);
    let mut out: Vec<Cookie> = Vec::new();
    for pair in header.split(';') {
        let Some((name, value)) = pair.split_once('=') else { continue };
        let name = name.trim();
        if name.is_empty() || out.iter().any(|c| c.name == name) {
            continue;
        }
        let mut value = value.trim();
        if value.len() >= 2 && value.starts_with('"') && value.ends_with('"') {
            value = &value[1..value.len() - 1];
        }
        let value = percent_decode(value).unwrap_or_else(|| value.to_owned());
        out.push(Cookie { name: name.to_owned(), value });
    }
    out
}

/// If `line` starts with `Name:` (any case), the rest.
fn strip_header_name<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let line = line.trim_start();
    let (head, rest) = line.split_once(':')?;
    head.trim().eq_ignore_ascii_case(name).then_some(rest.trim())
}

/// The token in an `Authorization` header value, as `getToken` extracts it: the second
/// space-separated field after a case-sensitive `Bearer`, percent-decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Bearer {
    /// No `Bearer` scheme.
    Absent,
    /// The token.
    Token(String),
    /// A malformed `%` escape: since 4.24.15 / 0.41.3 `getToken` returns `null`.
    MalformedPercent(String),
}

/// Extracts a bearer token.
#[must_use]
pub fn bearer(authorization: &str) -> Bearer {
    let value = strip_header_name(authorization, "authorization").unwrap_or(authorization);
    let mut fields = value.split(' ');
    if fields.next() != Some("Bearer") {
        return Bearer::Absent;
    }
    let raw = fields.next().unwrap_or_default();
    match percent_decode(raw) {
        Some(token) => Bearer::Token(token),
        None => Bearer::MalformedPercent(raw.to_owned()),
    }
}

/// One cookie the `SessionStore` picked up.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ChunkRow {
    /// Cookie name.
    pub name: String,
    /// The number after the last dot, as `parseInt` reads it (`None` for `NaN`).
    pub index: Option<i64>,
    /// Value length in characters.
    pub len: usize,
    /// The value (not serialized: it is the token itself).
    #[serde(skip)]
    pub value: String,
}

/// The session cookie value as the library assembles it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Assembly {
    /// The concatenated value (empty when no cookie matched).
    pub value: String,
    /// The cookies used, in the order they were joined.
    pub chunks: Vec<ChunkRow>,
}

impl Assembly {
    /// More than one cookie, or a numbered one.
    #[must_use]
    pub fn is_chunked(&self) -> bool {
        self.chunks.len() > 1 || self.chunks.iter().any(|c| c.index.is_some())
    }
}

/// JavaScript `parseInt(text)`: leading white space, optional sign, decimal digits.
fn js_parse_int(text: &str) -> Option<i64> {
    let t = text.trim_start();
    let (sign, digits) = match t.as_bytes().first() {
        Some(b'-') => (-1, &t[1..]),
        Some(b'+') => (1, &t[1..]),
        _ => (1, t),
    };
    let end = digits.find(|c: char| !c.is_ascii_digit()).unwrap_or(digits.len());
    digits[..end].parse::<i64>().ok().map(|v| v * sign)
}

/// `SessionStore`'s reassembly for the cookie `name`. v5 skips empty values, v4 does not.
#[must_use]
pub fn assemble(cookies: &[Cookie], name: &str, flavor: Flavor) -> Assembly {
    let mut picked: Vec<(&Cookie, Option<i64>)> = cookies
        .iter()
        .filter(|c| c.name.starts_with(name))
        .filter(|c| flavor != Flavor::V5 || !c.value.is_empty())
        .map(|c| (c, js_parse_int(c.name.rsplit('.').next().unwrap_or_default())))
        .collect();
    // `Array.prototype.sort` with `(a, b) => parseInt(a) - parseInt(b)`: NaN compares as
    // equal to everything. A stable insertion sort reproduces V8 on these short arrays.
    for i in 1..picked.len() {
        let mut j = i;
        while j > 0 {
            let (Some(a), Some(b)) = (picked[j - 1].1, picked[j].1) else { break };
            if a <= b {
                break;
            }
            picked.swap(j - 1, j);
            j -= 1;
        }
    }
    Assembly {
        value: picked.iter().map(|(c, _)| c.value.as_str()).collect(),
        chunks: picked
            .iter()
            .map(|(c, index)| ChunkRow {
                name: c.name.clone(),
                index: *index,
                len: c.value.len(),
                value: c.value.clone(),
            })
            .collect(),
    }
}

/// `SessionStore.chunk()`: the cookies the library sets for a session value. One cookie
/// with the plain name when the value fits in a chunk, else `name.0`, `name.1`, … of
/// `chunk_size(flavor)` characters each (the last one shorter).
#[must_use]
pub fn chunk(name: &str, value: &str, flavor: Flavor) -> Vec<Cookie> {
    let size = chunk_size(flavor);
    let chars: Vec<char> = value.chars().collect();
    if chars.len() <= size {
        return vec![Cookie { name: name.to_owned(), value: value.to_owned() }];
    }
    chars
        .chunks(size)
        .enumerate()
        .map(|(i, part)| Cookie { name: format!("{name}.{i}"), value: part.iter().collect() })
        .collect()
}

/// One `Set-Cookie` header value, with the session cookie options the libraries use
/// (`HttpOnly`, `SameSite=Lax`, `Path=/`, `Secure` for `__Secure-` names).
#[must_use]
pub fn set_cookie_header(cookie: &Cookie, expires: Option<crate::time::UnixTime>) -> String {
    let mut out = format!("{}={}; Path=/", cookie.name, cookie.value);
    if let Some(at) = expires
        && let Some(dt) = chrono::DateTime::from_timestamp(at.0, 0)
    {
        out.push_str("; Expires=");
        out.push_str(&dt.format("%a, %d %b %Y %H:%M:%S GMT").to_string());
    }
    out.push_str("; HttpOnly; SameSite=Lax");
    if cookie.name.starts_with(SECURE_PREFIX) || cookie.name.starts_with("__Host-") {
        out.push_str("; Secure");
    }
    out
}

/// A `Cookie` request header value for these cookies.
#[must_use]
pub fn cookie_header(cookies: &[Cookie]) -> String {
    cookies.iter().map(|c| format!("{}={}", c.name, c.value)).collect::<Vec<_>>().join("; ")
}

/// What the user pasted, sorted into the parts a request carries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Input {
    /// A bare token (no header name, no `=`).
    pub token: Option<String>,
    /// Cookies from a `Cookie` header (or `Set-Cookie` lines).
    pub cookies: Option<Vec<Cookie>>,
    /// The `Authorization` header value.
    pub authorization: Option<String>,
    /// Other request headers that matter to a reader (`X-Forwarded-Proto`, `Host`), in order.
    pub headers: Vec<(String, String)>,
}

impl Input {
    /// A bare token.
    #[must_use]
    pub fn token(token: impl Into<String>) -> Self {
        Self { token: Some(token.into()), ..Self::default() }
    }

    /// Recognises a paste: a bare token, a `Cookie` header (with or without `Cookie:`), an
    /// `Authorization` header (`Authorization: Bearer …` or `Bearer …`), `Set-Cookie` lines,
    /// or several of these on separate lines.
    ///
    /// Also a `curl` command, a raw HTTP request or response, or a HAR document (its last
    /// request with a session cookie): see [`crate::input`]. Other `Name: value` lines
    /// (`X-Forwarded-Proto: https`) are kept as headers. `Set-Cookie` lines leave the cookies
    /// a browser would then send: a later line replaces an earlier one, `Max-Age=0` deletes.
    #[must_use]
    pub fn from_paste(text: &str) -> Self {
        if let Some(input) = crate::input::recognise(text) {
            return input;
        }
        let mut input = Self::default();
        let mut cookies: Vec<Cookie> = Vec::new();
        let mut set_cookies: Vec<&str> = Vec::new();
        let mut saw_cookie = false;
        let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        for line in &lines {
            if let Some(rest) = strip_header_name(line, "set-cookie") {
                saw_cookie = true;
                set_cookies.push(rest);
            } else if let Some(rest) = strip_header_name(line, "authorization") {
                input.authorization = Some(rest.to_owned());
            } else if line.starts_with("Bearer ") || line.starts_with("bearer ") {
                input.authorization = Some((*line).to_owned());
            } else if let Some((name, value)) = other_header(line) {
                input.headers.push((name.to_owned(), value.to_owned()));
            } else if strip_header_name(line, "cookie").is_some()
                || line.contains('=') && !looks_like_padded_token(line)
            {
                saw_cookie = true;
                for c in parse_cookie_header(line) {
                    if !cookies.iter().any(|k| k.name == c.name) {
                        cookies.push(c);
                    }
                }
            } else if input.token.is_none() {
                input.token = Some((*line).to_owned());
            }
        }
        for c in crate::input::cookies_from_set_cookie(&set_cookies) {
            if !cookies.iter().any(|k| k.name == c.name) {
                cookies.push(c);
            }
        }
        if saw_cookie {
            input.cookies = Some(cookies);
        }
        if lines.is_empty() {
            input.token = Some(String::new());
        }
        input
    }

    /// Nothing usable at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.token.as_deref().is_none_or(|t| t.trim().is_empty())
            && self.cookies.is_none()
            && self.authorization.is_none()
    }
}

/// `Name: value` for a header other than `Cookie` / `Authorization` (no `=` before the colon).
fn other_header(line: &str) -> Option<(&str, &str)> {
    let (name, value) = line.split_once(':')?;
    let name = name.trim();
    let headerish = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    (headerish && !name.eq_ignore_ascii_case("cookie")).then_some((name, value.trim()))
}

impl Input {
    /// A request header's value (first occurrence, any case).
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// A standard-base64 value ending in `=` padding, with no `; ` pairs: a token, not a cookie.
fn looks_like_padded_token(line: &str) -> bool {
    !line.contains(';')
        && line
            .trim_end_matches('=')
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '+' | '/'))
        && line.ends_with('=')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_header_first_occurrence_wins_and_values_decode() {
        let c = parse_cookie_header("Cookie: a=1; b=\"x%20y\"; a=2; junk; c=%E0%A4%A");
        assert_eq!(c[0], Cookie { name: "a".into(), value: "1".into() });
        assert_eq!(c[1].value, "x y");
        assert_eq!(c[2].value, "%E0%A4%A", "malformed escapes stay raw");
        assert_eq!(c.len(), 3);
    }

    #[test]
    fn chunks_sort_numerically_in_any_order() {
        let cookies = parse_cookie_header("x.session.10=c; x.session.2=b; x.session.0=a; other=z");
        let a = assemble(&cookies, "x.session", Flavor::V5);
        assert_eq!(a.value, "abc");
        assert_eq!(a.chunks.iter().map(|c| c.index).collect::<Vec<_>>(), [Some(0), Some(2), Some(10)]);
    }

    #[test]
    fn prefix_match_includes_stale_unsuffixed_cookie() {
        let cookies = parse_cookie_header("n=stale; n.0=a; n.1=b");
        let a = assemble(&cookies, "n", Flavor::V4);
        assert_eq!(a.chunks.len(), 3);
        assert!(a.value.contains("stale"));
    }

    #[test]
    fn secure_chunks_never_match_plain_name() {
        let cookies = parse_cookie_header("__Secure-authjs.session-token.0=a");
        assert!(assemble(&cookies, "authjs.session-token", Flavor::V5).chunks.is_empty());
    }

    #[test]
    fn chunking_matches_session_store_sizes_and_reassembles() {
        let value = "x".repeat(10_000);
        let v4 = chunk("next-auth.session-token", &value, Flavor::V4);
        assert_eq!(v4.iter().map(|c| c.value.len()).collect::<Vec<_>>(), [3933, 3933, 2134]);
        assert_eq!(v4[2].name, "next-auth.session-token.2");
        let v5 = chunk("authjs.session-token", &value, Flavor::V5);
        assert_eq!(v5.iter().map(|c| c.value.len()).collect::<Vec<_>>(), [3936, 3936, 2128]);
        assert_eq!(assemble(&v5, "authjs.session-token", Flavor::V5).value, value);
        assert_eq!(chunk("n", "small", Flavor::V5), [Cookie { name: "n".into(), value: "small".into() }]);
    }

    #[test]
    fn set_cookie_carries_the_library_options() {
        let c = Cookie { name: "__Secure-authjs.session-token".into(), value: "v".into() };
        assert_eq!(
            set_cookie_header(&c, Some(crate::time::UnixTime(1_767_225_600))),
            "__Secure-authjs.session-token=v; Path=/; Expires=Thu, 01 Jan 2026 00:00:00 GMT; HttpOnly; SameSite=Lax; Secure"
        );
    }

    #[test]
    fn bearer_extraction_follows_get_token() {
        assert_eq!(bearer("Bearer abc"), Bearer::Token("abc".into()));
        assert_eq!(bearer("Authorization: Bearer a%2Eb"), Bearer::Token("a.b".into()));
        assert_eq!(bearer("bearer abc"), Bearer::Absent);
        assert_eq!(bearer("Bearer %"), Bearer::MalformedPercent("%".into()));
    }

    #[test]
    fn paste_recognition() {
        assert_eq!(Input::from_paste("eyJ.a.b").token.as_deref(), Some("eyJ.a.b"));
        assert!(Input::from_paste("a=b; c=d").cookies.is_some());
        assert!(Input::from_paste("Cookie: a=b").cookies.is_some());
        assert_eq!(Input::from_paste("Authorization: Bearer t").authorization.as_deref(), Some("Bearer t"));
        let both = Input::from_paste("Cookie: a=b\nAuthorization: Bearer t");
        assert!(both.cookies.is_some() && both.authorization.is_some());
        assert_eq!(Input::from_paste("nRfhZtlH4cN/Pxm9=").token.as_deref(), Some("nRfhZtlH4cN/Pxm9="));
        assert_eq!(Input::from_paste("Set-Cookie: n=v; Path=/; HttpOnly").cookies.unwrap()[0].value, "v");
        let with_proto = Input::from_paste("Cookie: a=b\nX-Forwarded-Proto: https");
        assert_eq!(with_proto.header("x-forwarded-proto"), Some("https"));
        let curl = Input::from_paste("curl -b 'authjs.session-token=t' https://x/");
        assert_eq!(curl.cookies.unwrap()[0].value, "t");
        let raw = Input::from_paste("GET / HTTP/1.1\nCookie: authjs.session-token=r\n");
        assert_eq!(raw.cookies.unwrap()[0].value, "r");
    }

    #[test]
    fn many_set_cookie_lines_leave_what_the_browser_keeps() {
        let input = Input::from_paste(
            "Set-Cookie: authjs.session-token.0=a; Path=/\nSet-Cookie: authjs.session-token.1=b; Path=/\nSet-Cookie: authjs.session-token=; Path=/; Max-Age=0\nSet-Cookie: authjs.session-token.0=A; Path=/",
        );
        let cookies = input.cookies.unwrap();
        let pairs: Vec<(&str, &str)> = cookies.iter().map(|c| (c.name.as_str(), c.value.as_str())).collect();
        assert_eq!(pairs, [("authjs.session-token.1", "b"), ("authjs.session-token.0", "A")]);
    }
}
