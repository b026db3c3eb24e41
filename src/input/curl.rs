//! `curl` commands as the browsers' "Copy as cURL" writes them (bash and cmd quoting), or as
//! people type them: `-H 'Cookie: …'`, `-b '…'` / `--cookie`, `-H 'Authorization: …'`.

use crate::cookie::Input;

/// What a curl command sends.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CurlRequest {
    /// The URL (first positional argument or `--url`).
    pub url: Option<String>,
    /// `-X` / `--request`.
    pub method: Option<String>,
    /// `-H` headers, in order.
    pub headers: Vec<(String, String)>,
    /// `-b` / `--cookie` values that are cookie strings (`name=value; …`).
    pub cookie_strings: Vec<String>,
    /// Things the user should know (a `-b` file that cannot be read here, …).
    pub notes: Vec<String>,
}

impl CurlRequest {
    /// The request as an [`Input`].
    #[must_use]
    pub fn to_input(&self) -> Input {
        super::input_from_headers(&self.headers, &self.cookie_strings)
    }
}

/// Splits a command line into words with POSIX shell quoting: `'…'`, `"…"` (with `\` escapes
/// for `"`, `\`, `$` and `` ` ``), `$'…'` (ANSI-C escapes), `\` outside quotes, and `\`-newline
/// continuations. Windows `cmd` quoting (`^"…^"`, `^` escapes) is undone first. An unclosed
/// quote ends at the end of the text.
#[must_use]
pub fn split_words(text: &str) -> Vec<String> {
    let text = if text.contains("^\"") || text.contains("^\n") || text.contains("^\r\n") {
        undo_cmd_carets(text)
    } else {
        text.to_owned()
    };
    let chars: Vec<char> = text.chars().collect();
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                match chars.get(i + 1) {
                    Some('\r') if chars.get(i + 2) == Some(&'\n') => i += 1,
                    Some(&next) if next != '\n' => {
                        word.push(next);
                        in_word = true;
                    }
                    _ => {}
                }
                i += 2;
                continue;
            }
            '\'' => {
                in_word = true;
                i += 1;
                while i < chars.len() && chars[i] != '\'' {
                    word.push(chars[i]);
                    i += 1;
                }
            }
            '"' => {
                in_word = true;
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' && matches!(chars.get(i + 1), Some('"' | '\\' | '$' | '`' | '\n')) {
                        if chars[i + 1] != '\n' {
                            word.push(chars[i + 1]);
                        }
                        i += 2;
                        continue;
                    }
                    word.push(chars[i]);
                    i += 1;
                }
            }
            '$' if chars.get(i + 1) == Some(&'\'') => {
                in_word = true;
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    if chars[i] == '\\' {
                        let (decoded, used) = ansi_c_escape(&chars[i + 1..]);
                        word.push_str(&decoded);
                        i += 1 + used;
                        continue;
                    }
                    word.push(chars[i]);
                    i += 1;
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                word.push(c);
                in_word = true;
            }
        }
        i += 1;
    }
    if in_word {
        words.push(word);
    }
    words
}

/// `cmd.exe` quoting as Chrome's "Copy as cURL (cmd)" writes it: `^` escapes the next
/// character, `^` at the end of a line continues it.
fn undo_cmd_carets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '^' {
            match chars.next() {
                Some('\r') => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                }
                Some('\n') | None => {}
                Some(next) => out.push(next),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// One ANSI-C escape after a backslash: the text and how many characters it used.
fn ansi_c_escape(rest: &[char]) -> (String, usize) {
    let Some(&c) = rest.first() else { return (String::new(), 0) };
    let hex = |n: usize| {
        let digits: String = rest[1..].iter().take(n).take_while(|c| c.is_ascii_hexdigit()).collect();
        let used = digits.len();
        let value = u32::from_str_radix(&digits, 16).ok().and_then(char::from_u32);
        (value.map(String::from).unwrap_or_default(), used + 1)
    };
    match c {
        'n' => ("\n".into(), 1),
        't' => ("\t".into(), 1),
        'r' => ("\r".into(), 1),
        '\\' => ("\\".into(), 1),
        '\'' => ("'".into(), 1),
        '"' => ("\"".into(), 1),
        'x' => hex(2),
        'u' => hex(4),
        'U' => hex(8),
        other => (format!("\\{other}"), 1),
    }
}

/// Short options that take a value.
const SHORT_WITH_VALUE: &str = "HbcdXAeuoxFTKmwrEC";

/// Long options that take a value (the ones that matter, and the common others).
const LONG_WITH_VALUE: &[&str] = &[
    "header",
    "cookie",
    "cookie-jar",
    "data",
    "data-raw",
    "data-binary",
    "data-ascii",
    "data-urlencode",
    "json",
    "request",
    "user-agent",
    "referer",
    "user",
    "output",
    "proxy",
    "form",
    "url",
    "max-time",
    "connect-timeout",
    "write-out",
    "cert",
    "key",
    "cacert",
    "resolve",
    "retry",
    "config",
    "range",
    "continue-at",
    "interface",
    "limit-rate",
];

/// Parses a curl command.
#[must_use]
pub fn parse(text: &str) -> CurlRequest {
    let words = split_words(text);
    let mut out = CurlRequest::default();
    let mut iter = words.into_iter().skip_while(|w| !w.starts_with("curl")).skip(1).peekable();
    let mut only_positional = false;
    while let Some(word) = iter.next() {
        if only_positional || !word.starts_with('-') || word == "-" {
            if out.url.is_none() {
                out.url = Some(word);
            }
            continue;
        }
        if word == "--" {
            only_positional = true;
            continue;
        }
        let (flag, value) = if let Some(long) = word.strip_prefix("--") {
            match long.split_once('=') {
                Some((name, v)) => (name.to_owned(), Some(v.to_owned())),
                None if LONG_WITH_VALUE.contains(&long) => (long.to_owned(), iter.next()),
                None => (long.to_owned(), None),
            }
        } else {
            // Short options: `-H value`, `-Hvalue`, or bundled flags like `-sSL`.
            let mut name = None;
            let mut value = None;
            for (pos, c) in word.char_indices().skip(1) {
                if SHORT_WITH_VALUE.contains(c) {
                    name = Some(c);
                    let glued = &word[pos + c.len_utf8()..];
                    value = if glued.is_empty() { iter.next() } else { Some(glued.to_owned()) };
                    break;
                }
            }
            let flag = match name {
                Some('H') => "header",
                Some('b') => "cookie",
                Some('X') => "request",
                Some(_) | None => "",
            };
            (flag.to_owned(), value)
        };
        let Some(value) = value else { continue };
        match flag.as_str() {
            "header" => {
                if let Some((name, v)) = value.split_once(':') {
                    out.headers.push((name.trim().to_owned(), v.trim().to_owned()));
                }
            }
            "cookie" => {
                if value.contains('=') {
                    out.cookie_strings.push(value);
                } else {
                    out.notes.push(format!("`-b {value}` names a cookie file, which authlab does not read"));
                }
            }
            "request" => out.method = Some(value),
            "url" => out.url = Some(value),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bash_copy_as_curl_with_cookie_header_and_ansi_quoting() {
        let text = "curl 'https://app.example.com/api/auth/session' \\\n  -H 'accept: */*' \\\n  -H $'cookie: authjs.session-token=abc.def; theme=\\'dark\\'' \\\n  -H \"Authorization: Bearer t%2E1\" \\\n  --compressed";
        let r = parse(text);
        assert_eq!(r.url.as_deref(), Some("https://app.example.com/api/auth/session"));
        assert_eq!(r.headers[1], ("cookie".to_owned(), "authjs.session-token=abc.def; theme='dark'".to_owned()));
        let input = r.to_input();
        let cookies = input.cookies.unwrap();
        assert_eq!(cookies[0].value, "abc.def");
        assert_eq!(cookies[1].value, "'dark'");
        assert_eq!(input.authorization.as_deref(), Some("Bearer t%2E1"));
        assert_eq!(input.headers, [("accept".to_owned(), "*/*".to_owned())]);
    }

    #[test]
    fn dash_b_and_cookie_forms_and_glued_values() {
        let r =
            parse("curl -sS -b 'a=1; b=2' --cookie=c=3 -Hx-forwarded-proto:https -XPOST http://x/ --cookie jar.txt");
        assert_eq!(r.cookie_strings, ["a=1; b=2", "c=3"]);
        assert_eq!(r.method.as_deref(), Some("POST"));
        assert_eq!(r.url.as_deref(), Some("http://x/"));
        assert_eq!(r.notes.len(), 1, "a cookie file");
        let input = r.to_input();
        assert_eq!(input.cookies.unwrap().len(), 3);
        assert_eq!(input.headers, [("x-forwarded-proto".to_owned(), "https".to_owned())]);
    }

    #[test]
    fn cmd_quoting_is_undone() {
        let text = "curl ^\"https://x/api^\" ^\n  -H ^\"Cookie: next-auth.session-token=v1^\"";
        let r = parse(text);
        assert_eq!(r.url.as_deref(), Some("https://x/api"));
        assert_eq!(r.headers, [("Cookie".to_owned(), "next-auth.session-token=v1".to_owned())]);
    }

    #[test]
    fn hostile_input_never_panics() {
        for text in
            ["curl '", "curl $'\\x", "curl -H", "curl \\", "curl $'\\u{zzzz}'", "curl -b", "curl ^", "curl --header="]
        {
            let _ = parse(text);
        }
        let long = format!("curl -H 'Cookie: a={}'", "x".repeat(100_000));
        assert_eq!(parse(&long).to_input().cookies.unwrap()[0].value.len(), 100_000);
    }
}
