//! A raw HTTP message as copied from the devtools, a proxy log or `curl -v`: a request
//! (`GET /path HTTP/1.1` + headers) or a response (`HTTP/1.1 200 OK` + `Set-Cookie` lines).
//! HTTP/2 pseudo-headers (`:authority: …`) and `> ` / `< ` prefixes from `curl -v` are accepted.

use crate::cookie::Input;

/// A parsed message.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpMessage {
    /// Request method (`None` for a response).
    pub method: Option<String>,
    /// Request target (path or URL).
    pub target: Option<String>,
    /// Response status (`None` for a request).
    pub status: Option<u16>,
    /// Headers in order (names as written).
    pub headers: Vec<(String, String)>,
}

const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "CONNECT", "TRACE"];

/// `GET /path HTTP/1.1` (the version may be missing, as some tools omit it).
#[must_use]
pub fn is_request_line(line: &str) -> bool {
    let line = strip_verbose_prefix(line.trim());
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else { return false };
    let version = parts.next();
    METHODS.contains(&method)
        && (target.starts_with('/') || target.starts_with("http://") || target.starts_with("https://") || target == "*")
        && version.is_none_or(|v| v.starts_with("HTTP/"))
        && parts.next().is_none()
}

fn strip_verbose_prefix(line: &str) -> &str {
    line.strip_prefix("> ").or_else(|| line.strip_prefix("< ")).unwrap_or(line)
}

/// Parses the start line and the headers up to the first empty line (the body is ignored).
#[must_use]
pub fn parse(text: &str) -> HttpMessage {
    let mut out = HttpMessage::default();
    let mut lines =
        text.lines().map(|l| strip_verbose_prefix(l.trim_end_matches('\r'))).skip_while(|l| l.trim().is_empty());
    if let Some(first) = lines.next() {
        let first = first.trim();
        if is_request_line(first) {
            let mut parts = first.split_whitespace();
            out.method = parts.next().map(str::to_owned);
            out.target = parts.next().map(str::to_owned);
        } else if first.starts_with("HTTP/") {
            out.status = first.split_whitespace().nth(1).and_then(|s| s.parse().ok());
        } else if let Some(h) = header(first) {
            out.headers.push(h);
        }
    }
    for line in lines {
        if line.trim().is_empty() {
            break;
        }
        if let Some(h) = header(line) {
            out.headers.push(h);
        }
    }
    out
}

fn header(line: &str) -> Option<(String, String)> {
    let line = line.trim();
    // HTTP/2 pseudo-headers as the devtools show them: `:authority: example.com`.
    let (name, value) = if let Some(rest) = line.strip_prefix(':') {
        let (n, v) = rest.split_once(':')?;
        (format!(":{n}"), v)
    } else {
        let (n, v) = line.split_once(':')?;
        (n.to_owned(), v)
    };
    let name = name.trim();
    (!name.is_empty() && !name.contains(' ')).then(|| (name.to_owned(), value.trim().to_owned()))
}

impl HttpMessage {
    /// The header values named `name` (any case).
    pub fn values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers.iter().filter(move |(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The message as an [`Input`]: a request's `Cookie` / `Authorization` / other headers,
    /// or the cookies a response's `Set-Cookie` lines leave in the browser.
    #[must_use]
    pub fn to_input(&self) -> Input {
        if self.status.is_some() || self.method.is_none() && self.values("set-cookie").next().is_some() {
            let set: Vec<&str> = self.values("set-cookie").collect();
            let mut input = Input { cookies: Some(super::cookies_from_set_cookie(&set)), ..Input::default() };
            input.headers =
                self.headers.iter().filter(|(n, _)| !n.eq_ignore_ascii_case("set-cookie")).cloned().collect();
            return input;
        }
        super::input_from_headers(&self.headers, &[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_with_split_cookie_headers_and_forwarded_proto() {
        let text = "GET /api/auth/session HTTP/1.1\r\nHost: app.example.com\r\nCookie: a=1\r\ncookie: authjs.session-token=v\r\nX-Forwarded-Proto: https\r\n\r\nbody: ignored\r\n";
        let m = parse(text);
        assert_eq!((m.method.as_deref(), m.target.as_deref()), (Some("GET"), Some("/api/auth/session")));
        let input = m.to_input();
        let names: Vec<String> = input.cookies.unwrap().into_iter().map(|c| c.name).collect();
        assert_eq!(names, ["a", "authjs.session-token"]);
        assert!(input.headers.iter().any(|(n, v)| n == "X-Forwarded-Proto" && v == "https"));
        assert!(!input.headers.iter().any(|(n, _)| n == "body"), "the body is not headers");
    }

    #[test]
    fn http2_pseudo_headers_and_curl_verbose_prefixes() {
        let m = parse("> GET /x HTTP/2\n> :authority: app\n> cookie: n=v\n> \n");
        assert_eq!(m.headers[0], (":authority".to_owned(), "app".to_owned()));
        assert_eq!(m.to_input().cookies.unwrap()[0].value, "v");
    }

    #[test]
    fn response_set_cookie_lines_become_the_browser_cookies() {
        let m = parse(
            "HTTP/1.1 200 OK\nSet-Cookie: authjs.session-token.0=aa; Path=/\nSet-Cookie: authjs.session-token.1=bb; Path=/\nSet-Cookie: authjs.session-token=; Max-Age=0\n",
        );
        assert_eq!(m.status, Some(200));
        let cookies = m.to_input().cookies.unwrap();
        assert_eq!(
            cookies.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
            ["authjs.session-token.0", "authjs.session-token.1"]
        );
    }

    #[test]
    fn request_lines_are_recognised_strictly() {
        assert!(is_request_line("GET / HTTP/1.1"));
        assert!(is_request_line("POST https://x/api/auth/callback/credentials HTTP/2"));
        assert!(!is_request_line("GET is what I did"));
        assert!(!is_request_line("Cookie: a=b"));
        let _ = parse(":\n::\n: :\n");
    }
}
