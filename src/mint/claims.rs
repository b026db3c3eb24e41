//! The claims editor's logic: JSON text validated with a line and column, the quick fields
//! (`name`, `email`, `picture`, `sub`, `role`) read from and written into that text, and
//! presets that reproduce typical sessions — a Credentials user, or an OAuth user whose
//! provider tokens make the cookie big enough to be chunked.

use serde_json::{Map, Value};

/// Why the claims text is not usable, and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct ClaimsTextError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (`serde_json` counts bytes within the line; 0 means "end of line").
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// Largest claims text accepted (a 4-chunk session is ~16 KB; this leaves ample room).
pub const MAX_CLAIMS_BYTES: usize = 1 << 20;

/// Parses the editor text into a claims object.
pub fn parse_claims_text(text: &str) -> Result<Map<String, Value>, ClaimsTextError> {
    if text.len() > MAX_CLAIMS_BYTES {
        return Err(ClaimsTextError {
            line: 1,
            column: 1,
            message: format!("claims are {} bytes; the limit is {MAX_CLAIMS_BYTES}", text.len()),
        });
    }
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(ClaimsTextError {
            line: 1,
            column: 1,
            message: format!("claims must be a JSON object, not {}", kind(&other)),
        }),
        Err(e) => {
            let full = e.to_string();
            let message = full.rsplit_once(" at line ").map_or(full.as_str(), |(m, _)| m).to_owned();
            Err(ClaimsTextError { line: e.line(), column: e.column(), message })
        }
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The claims as the editor shows them: pretty JSON, two-space indent, keys in order.
#[must_use]
pub fn claims_text(claims: &Map<String, Value>) -> String {
    serde_json::to_string_pretty(claims).unwrap_or_else(|_| "{}".to_owned())
}

/// The quick fields, in the order the form shows them.
pub const QUICK_FIELDS: [QuickField; 5] =
    [QuickField::Name, QuickField::Email, QuickField::Picture, QuickField::Sub, QuickField::Role];

/// A claim with its own text field above the JSON editor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuickField {
    /// `name`.
    Name,
    /// `email`.
    Email,
    /// `picture` (the v4/v5 default `jwt` callback puts `user.image` there).
    Picture,
    /// `sub` (the user id).
    Sub,
    /// `role` (a common custom claim).
    Role,
}

impl QuickField {
    /// The claim name.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Email => "email",
            Self::Picture => "picture",
            Self::Sub => "sub",
            Self::Role => "role",
        }
    }

    /// The field's value as text: a string as is, another JSON value as JSON, absent as "".
    #[must_use]
    pub fn get(self, claims: &Map<String, Value>) -> String {
        match claims.get(self.key()) {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        }
    }

    /// Writes `value` into `claims`: "" removes the claim, anything else is stored as a
    /// string (a `sub` of `42` stays the string `"42"`, as the libraries store ids).
    pub fn set(self, claims: &mut Map<String, Value>, value: &str) {
        if value.is_empty() {
            claims.shift_remove(self.key());
        } else if let Some(slot) = claims.get_mut(self.key()) {
            *slot = Value::from(value);
        } else {
            claims.insert(self.key().to_owned(), Value::from(value));
        }
    }
}

/// Applies a quick-field edit to the editor text. `None` when the text is not a valid
/// claims object (the form then leaves the text alone and shows the error instead).
#[must_use]
pub fn set_quick_field(text: &str, field: QuickField, value: &str) -> Option<String> {
    let mut claims = parse_claims_text(text).ok()?;
    field.set(&mut claims, value);
    Some(claims_text(&claims))
}

/// Ready-made sessions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// What the default `jwt` callback stores after a Credentials sign-in.
    CredentialsUser,
    /// An OAuth user whose `jwt` callback keeps the provider's tokens (a common cause of
    /// chunked cookies and of proxies dropping headers). Sizes in characters.
    OAuthUser {
        /// `accessToken` length.
        access_chars: usize,
        /// `refreshToken` length.
        refresh_chars: usize,
        /// `idToken` length (a JWT-shaped string).
        id_chars: usize,
    },
}

/// Largest provider token a preset makes (characters).
pub const MAX_PRESET_TOKEN_CHARS: usize = 64 * 1024;

impl Preset {
    /// The claims of this preset. Deterministic: the provider tokens are filler of the
    /// requested length (the cookie size, not the content, is what matters); `now` fills
    /// `expires_at` an hour ahead, as providers do.
    #[must_use]
    pub fn claims(self, now: crate::time::UnixTime) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("name".into(), "Ada Example".into());
        m.insert("email".into(), "ada@example.com".into());
        match self {
            Self::CredentialsUser => {
                m.insert("sub".into(), "1".into());
            }
            Self::OAuthUser { access_chars, refresh_chars, id_chars } => {
                m.insert("picture".into(), "https://avatars.githubusercontent.com/u/1001?v=4".into());
                m.insert("sub".into(), "1001".into());
                m.insert("provider".into(), "github".into());
                m.insert("accessToken".into(), filler("gho_", access_chars, 1).into());
                m.insert("refreshToken".into(), filler("ghr_", refresh_chars, 2).into());
                m.insert("idToken".into(), jwt_shaped(id_chars).into());
                m.insert("expires_at".into(), now.0.saturating_add(3_600).into());
            }
        }
        m
    }
}

const B64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// `prefix` + base64url-alphabet filler, `len` characters in all (capped).
fn filler(prefix: &str, len: usize, seed: u64) -> String {
    let len = len.min(MAX_PRESET_TOKEN_CHARS);
    let mut out: String = prefix.chars().take(len).collect();
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    while out.len() < len {
        // xorshift64: varied characters, so the filler looks like a token, not "aaaa".
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.push(char::from(B64URL[(x % 64) as usize]));
    }
    out
}

/// A string of `len` characters shaped like a compact JWS (`eyJ….eyJ….sig`).
fn jwt_shaped(len: usize) -> String {
    let len = len.min(MAX_PRESET_TOKEN_CHARS);
    let header = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.";
    if len < header.len() + 8 {
        return filler("", len, 3);
    }
    let rest = len - header.len() - 1;
    let sig = (rest / 4).min(342);
    let body = rest - sig;
    format!("{header}{}.{}", filler("eyJ", body, 4), filler("", sig, 5))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::UnixTime;

    #[test]
    fn errors_carry_line_and_column() {
        let e = parse_claims_text("{\n  \"a\": 1,\n  \"b\" 2\n}").unwrap_err();
        assert_eq!((e.line, e.column), (3, 7));
        assert_eq!(e.message, "expected `:`");
        let e = parse_claims_text("[1]").unwrap_err();
        assert_eq!(e.to_string(), "line 1, column 1: claims must be a JSON object, not an array");
        let e = parse_claims_text("").unwrap_err();
        assert_eq!(e.message, "EOF while parsing a value");
    }

    #[test]
    fn quick_fields_read_and_write_the_json() {
        let text = "{\n  \"sub\": \"1\",\n  \"nested\": {\"a\": [1, 2]}\n}";
        let claims = parse_claims_text(text).unwrap();
        assert_eq!(QuickField::Sub.get(&claims), "1");
        assert_eq!(QuickField::Email.get(&claims), "");
        let text = set_quick_field(text, QuickField::Email, "ada@example.com").unwrap();
        let text = set_quick_field(&text, QuickField::Sub, "").unwrap();
        let claims = parse_claims_text(&text).unwrap();
        assert_eq!(claims.get("email"), Some(&Value::from("ada@example.com")));
        assert!(!claims.contains_key("sub"));
        assert_eq!(claims["nested"]["a"][1], 2, "other claims survive");
        assert_eq!(set_quick_field("{oops", QuickField::Name, "x"), None);
    }

    #[test]
    fn non_string_quick_field_shows_as_json() {
        let claims = parse_claims_text(r#"{"role": ["admin", "dev"]}"#).unwrap();
        assert_eq!(QuickField::Role.get(&claims), r#"["admin","dev"]"#);
    }

    #[test]
    fn oauth_preset_has_tokens_of_the_chosen_sizes() {
        let p = Preset::OAuthUser { access_chars: 2_000, refresh_chars: 500, id_chars: 9_000 };
        let claims = p.claims(UnixTime(100));
        assert_eq!(claims["accessToken"].as_str().unwrap().len(), 2_000);
        assert_eq!(claims["refreshToken"].as_str().unwrap().len(), 500);
        let id = claims["idToken"].as_str().unwrap();
        assert_eq!(id.len(), 9_000);
        assert_eq!(id.matches('.').count(), 2);
        assert!(id.starts_with("eyJ"));
        assert_eq!(claims["expires_at"], 3_700);
        assert_eq!(p.claims(UnixTime(100)), claims, "deterministic");
        let tiny = Preset::OAuthUser { access_chars: 0, refresh_chars: 2, id_chars: 5 }.claims(UnixTime(0));
        assert_eq!(tiny["accessToken"], "");
        assert_eq!(tiny["refreshToken"], "gh");
        assert_eq!(tiny["idToken"].as_str().unwrap().len(), 5);
    }

    #[test]
    fn credentials_preset_is_the_default_jwt_callback_shape() {
        let claims = Preset::CredentialsUser.claims(UnixTime(0));
        assert_eq!(claims.keys().collect::<Vec<_>>(), ["name", "email", "sub"]);
    }
}
