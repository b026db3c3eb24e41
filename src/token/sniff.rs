//! Recognising what a pasted value is, before any key is involved.

use serde_json::{Map, Value};

use super::b64;

/// What a value looks like on its own.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// Nothing (after trimming white space).
    Empty,
    /// Three base64url parts with a JSON header: a signed JWT.
    Jws {
        /// Decoded header.
        header: Map<String, Value>,
        /// Unverified payload, when it is a JSON object.
        unverified_claims: Option<Map<String, Value>>,
    },
    /// Five parts with a JSON header: a compact JWE.
    Jwe {
        /// Decoded protected header.
        header: Map<String, Value>,
    },
    /// One cookie-safe segment: a database session id or some other opaque value.
    Opaque(OpaqueKind),
    /// Anything else, with the reason.
    Malformed(String),
}

/// Kinds of opaque values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpaqueKind {
    /// `8-4-4-4-12` hex: `crypto.randomUUID()`, the v5 and v4 default database session token.
    Uuid,
    /// 64 hex characters: v4's `randomBytes(32).toString("hex")` fallback.
    Hex64,
    /// Something else.
    Other,
}

/// Which library wrote a token, judged from its header alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HeaderGuess {
    /// `{"alg":"HS512"}`: next-auth v3 default.
    V3Jws,
    /// `{"alg":"dir","enc":"A256GCM","zip":"DEF"}`: v3 with `jwt.encryption: true`.
    V3Encrypted,
    /// `{"alg":"dir","enc":"A256GCM"}`: next-auth v4, or an early v5 beta (same bytes).
    V4OrEarlyV5,
    /// `A256CBC-HS512` with a `kid`: Auth.js v5.
    V5,
    /// `A256CBC-HS512` without a `kid`: `@auth/core` 0.23.
    V5NoKid,
    /// Some other JWS.
    OtherJws,
    /// Some other JWE.
    OtherJwe,
}

fn json_object(segment: &str) -> Option<Map<String, Value>> {
    match serde_json::from_slice::<Value>(&b64::decode(segment)?).ok()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

/// Classifies a value.
#[must_use]
pub fn sniff(value: &str) -> Shape {
    let value = value.trim();
    if value.is_empty() {
        return Shape::Empty;
    }
    if value.len() > super::jwe::MAX_TOKEN_BYTES {
        return Shape::Malformed(format!("is {} bytes, far larger than any cookie or header", value.len()));
    }
    if let Some(bad) =
        value.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '=' | '+' | '/')))
    {
        return Shape::Malformed(format!("contains {bad:?}, which no token contains"));
    }
    let parts: Vec<&str> = value.split('.').collect();
    match parts.len() {
        1 => Shape::Opaque(opaque_kind(value)),
        3 => match json_object(parts[0]) {
            Some(header) => Shape::Jws { header, unverified_claims: json_object(parts[1]) },
            None => {
                Shape::Malformed("has three dot-separated parts, but the first is not a base64url JSON header".into())
            }
        },
        5 => match json_object(parts[0]) {
            Some(header) => Shape::Jwe { header },
            None => {
                Shape::Malformed("has five dot-separated parts, but the first is not a base64url JSON header".into())
            }
        },
        n => Shape::Malformed(format!("has {n} dot-separated parts; a JWS has 3 and a JWE has 5")),
    }
}

fn opaque_kind(value: &str) -> OpaqueKind {
    let hex = |s: &str| s.chars().all(|c| c.is_ascii_hexdigit());
    let groups: Vec<&str> = value.split('-').collect();
    if groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12]) && groups.iter().all(|g| hex(g)) {
        OpaqueKind::Uuid
    } else if value.len() == 64 && hex(value) {
        OpaqueKind::Hex64
    } else {
        OpaqueKind::Other
    }
}

/// Guesses the writer from a header.
#[must_use]
pub fn guess_from_header(header: &Map<String, Value>, five_parts: bool) -> HeaderGuess {
    let s = |k: &str| header.get(k).and_then(Value::as_str);
    match (five_parts, s("alg"), s("enc")) {
        (false, Some("HS512"), _) if header.len() == 1 => HeaderGuess::V3Jws,
        (false, _, _) => HeaderGuess::OtherJws,
        (true, Some("dir"), Some("A256GCM")) if s("zip") == Some("DEF") => HeaderGuess::V3Encrypted,
        (true, Some("dir"), Some("A256GCM")) => HeaderGuess::V4OrEarlyV5,
        (true, Some("dir"), Some("A256CBC-HS512")) if header.contains_key("kid") => HeaderGuess::V5,
        (true, Some("dir"), Some("A256CBC-HS512")) => HeaderGuess::V5NoKid,
        (true, _, _) => HeaderGuess::OtherJwe,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_shapes() {
        assert_eq!(sniff("  "), Shape::Empty);
        assert_eq!(sniff("3f1c2a9e-1b2c-4d5e-8f90-a1b2c3d4e5f6"), Shape::Opaque(OpaqueKind::Uuid));
        assert_eq!(sniff(&"ab".repeat(32)), Shape::Opaque(OpaqueKind::Hex64));
        assert!(matches!(sniff("a b"), Shape::Malformed(_)));
        assert!(matches!(sniff("a.b"), Shape::Malformed(m) if m.contains("2 dot-separated")));
        assert!(matches!(sniff("eyJhbGciOiJIUzUxMiJ9.e30.sig"), Shape::Jws { .. }));
        assert!(matches!(sniff("eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..a.b.c"), Shape::Jwe { .. }));
    }

    #[test]
    fn huge_input_is_refused_quickly() {
        assert!(matches!(sniff(&"a".repeat(super::super::jwe::MAX_TOKEN_BYTES + 1)), Shape::Malformed(_)));
    }
}
