//! Minting test sessions: everything between "I want a token for this user" and the
//! strings a developer pastes into a browser, a terminal or an API test.
//!
//! Pure like the rest of the core: the IV, the `jti` and key-pair seeds are parameters,
//! `now` is a parameter, nothing here reads a clock, a file or the environment.
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`when`] | `iat` / `exp` / `nbf` as `+30d`, `-5m`, `now`, UNIX seconds or a date |
//! | [`claims`] | the claims editor's logic: JSON with line/column errors, quick fields, presets |
//! | [`form`] | the Mint form (GUI state without the GUI): which key, version, salt, times → a token |
//! | [`keys`] | JWS minting with PEM or HMAC keys, test key pairs for ES256 and `EdDSA` |
//!
//! [`outputs`] turns a session token into the cookies the library would set (chunked
//! exactly like `SessionStore.chunk()`), the `Cookie` request header, a curl command and a
//! browser-console line; the CLI and the GUI both print these.

pub mod claims;
pub mod form;
pub mod keys;
pub mod when;

use crate::cookie::{self, Cookie};
use crate::time::UnixTime;
use crate::token::Flavor;

/// The path the curl command calls: the session endpoint of a Next.js app.
pub const SESSION_PATH: &str = "/api/auth/session";

/// A minted session token in every form a developer pastes somewhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionOutputs {
    /// The cookies the library sets for this token, chunked as `SessionStore.chunk()` does.
    pub cookies: Vec<Cookie>,
    /// One `Set-Cookie:` line per cookie (`HttpOnly; SameSite=Lax; Path=/`, `Secure` for `__Secure-`).
    pub set_cookie: Vec<String>,
    /// `Cookie: name=value; name.1=value…`, what the browser sends back.
    pub cookie_header: String,
    /// `curl -sS -H 'Cookie: …' 'URL/api/auth/session'` (POSIX-shell quoted).
    pub curl: String,
    /// JavaScript for the browser console that sets the same cookies (without `HttpOnly`,
    /// which scripts cannot set).
    pub console: String,
}

/// Builds every output for `token` set as cookie `name` by a `flavor` app at `base_url`;
/// `expires` is the cookie's `Expires` (the libraries use now + `session.maxAge`).
#[must_use]
pub fn session_outputs(
    token: &str,
    name: &str,
    flavor: Flavor,
    expires: Option<UnixTime>,
    base_url: &str,
) -> SessionOutputs {
    let cookies = cookie::chunk(name, token, flavor);
    let set_cookie = cookies.iter().map(|c| format!("Set-Cookie: {}", cookie::set_cookie_header(c, expires))).collect();
    let cookie_header = format!("Cookie: {}", cookie::cookie_header(&cookies));
    let curl = format!(
        "curl -sS -H {} {}",
        shell_quote(&cookie_header),
        shell_quote(&format!("{}{SESSION_PATH}", base_url.trim_end_matches('/')))
    );
    let console = cookies
        .iter()
        .map(|c| {
            let secure = if c.name.starts_with(cookie::SECURE_PREFIX) { "; Secure" } else { "" };
            let expires = expires
                .and_then(|at| chrono::DateTime::from_timestamp(at.0, 0))
                .map(|dt| format!("; Expires={}", dt.format("%a, %d %b %Y %H:%M:%S GMT")))
                .unwrap_or_default();
            let pair = format!("{}={}; Path=/{expires}; SameSite=Lax{secure}", c.name, c.value);
            format!("document.cookie = {};", js_string(&pair))
        })
        .collect::<Vec<_>>()
        .join(" ");
    SessionOutputs { cookies, set_cookie, cookie_header, curl, console }
}

/// A signed (JWS) token in the forms an API test uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BearerOutputs {
    /// `Authorization: Bearer <token>`.
    pub authorization: String,
    /// `curl -sS -H 'Authorization: Bearer …' 'URL/api/auth/session'`.
    pub curl: String,
}

/// Builds the bearer outputs for a JWS.
#[must_use]
pub fn bearer_outputs(token: &str, base_url: &str) -> BearerOutputs {
    let authorization = format!("Authorization: Bearer {token}");
    let curl = format!(
        "curl -sS -H {} {}",
        shell_quote(&authorization),
        shell_quote(&format!("{}{SESSION_PATH}", base_url.trim_end_matches('/')))
    );
    BearerOutputs { authorization, curl }
}

/// Single-quotes for POSIX shells.
#[must_use]
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// A JavaScript string literal (double quotes, escapes for quotes, backslashes and controls).
fn js_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => {
                use std::fmt::Write as _;
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_token_is_one_cookie_in_every_form() {
        let o = session_outputs(
            "tok",
            "authjs.session-token",
            Flavor::V5,
            Some(UnixTime(1_767_225_600)),
            "http://localhost:3000/",
        );
        assert_eq!(o.cookies.len(), 1);
        assert_eq!(
            o.set_cookie,
            [
                "Set-Cookie: authjs.session-token=tok; Path=/; Expires=Thu, 01 Jan 2026 00:00:00 GMT; HttpOnly; SameSite=Lax"
            ]
        );
        assert_eq!(o.cookie_header, "Cookie: authjs.session-token=tok");
        assert_eq!(o.curl, "curl -sS -H 'Cookie: authjs.session-token=tok' 'http://localhost:3000/api/auth/session'");
        assert_eq!(
            o.console,
            r#"document.cookie = "authjs.session-token=tok; Path=/; Expires=Thu, 01 Jan 2026 00:00:00 GMT; SameSite=Lax";"#
        );
    }

    #[test]
    fn large_token_is_chunked_at_the_library_size_in_every_form() {
        let token = "a".repeat(3936 * 2 + 5);
        let o = session_outputs(&token, "__Secure-authjs.session-token", Flavor::V5, None, "https://app.example");
        assert_eq!(
            o.cookies.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
            ["__Secure-authjs.session-token.0", "__Secure-authjs.session-token.1", "__Secure-authjs.session-token.2"]
        );
        assert_eq!(o.set_cookie.len(), 3);
        assert!(o.set_cookie.iter().all(|l| l.ends_with("; HttpOnly; SameSite=Lax; Secure")));
        assert_eq!(o.cookie_header.matches("; ").count(), 2);
        assert_eq!(o.console.matches("document.cookie").count(), 3);
        assert!(o.console.contains("; Secure\";"));
    }

    #[test]
    fn quoting_survives_hostile_text() {
        assert_eq!(shell_quote("a'b"), r"'a'\''b'");
        assert_eq!(js_string("a\"b\\c\n\u{1}"), r#""a\"b\\c\n\u0001""#);
        let b = bearer_outputs("x.y.z", "http://h/");
        assert_eq!(b.authorization, "Authorization: Bearer x.y.z");
        assert_eq!(b.curl, "curl -sS -H 'Authorization: Bearer x.y.z' 'http://h/api/auth/session'");
    }
}
