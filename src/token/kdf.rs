//! Key derivation exactly as each library version does it (HKDF-SHA256 over the UTF-8
//! secret), and the RFC 7638 thumbprint that Auth.js v5 writes as the header `kid`.
//!
//! | version | salt | info | length |
//! | --- | --- | --- | --- |
//! | v3 signing | `""` | `NextAuth.js Generated Signing Key` | 64 |
//! | v4 | `""` (session) or the cookie name | `NextAuth.js Generated Encryption Key` [+ ` (<salt>)`] | 32 |
//! | v5 | the cookie name | `Auth.js Generated Encryption Key (<salt>)` | 64 (`A256CBC-HS512`) / 32 (`A256GCM`) |

use hkdf::Hkdf;
use sha2::{Digest, Sha256, Sha512};

use super::b64;

/// HKDF-SHA256 (RFC 5869). `len` must be at most 255 × 32; every caller here asks for ≤ 64.
#[must_use]
pub fn hkdf_sha256(ikm: &[u8], salt: &[u8], info: &[u8], len: usize) -> Vec<u8> {
    let mut out = vec![0u8; len];
    let hk = Hkdf::<Sha256>::new(Some(salt), ikm);
    // Only fails for len > 8160, which no caller passes; fall back to an all-zero key
    // rather than panic, which can never verify anything.
    if hk.expand(info, &mut out).is_err() {
        out.fill(0);
    }
    out
}

/// The v4 `info` string for a salt.
#[must_use]
pub fn v4_info(salt: &str) -> String {
    if salt.is_empty() {
        "NextAuth.js Generated Encryption Key".to_owned()
    } else {
        format!("NextAuth.js Generated Encryption Key ({salt})")
    }
}

/// The v5 `info` string for a salt.
#[must_use]
pub fn v5_info(salt: &str) -> String {
    format!("Auth.js Generated Encryption Key ({salt})")
}

/// `next-auth@4` `getDerivedEncryptionKey(secret, salt)`: 32 bytes for `A256GCM`.
#[must_use]
pub fn v4_key(secret: &str, salt: &str) -> Vec<u8> {
    hkdf_sha256(secret.as_bytes(), salt.as_bytes(), v4_info(salt).as_bytes(), 32)
}

/// `@auth/core` `getDerivedEncryptionKey(enc, secret, salt)`: 64 bytes for `A256CBC-HS512`,
/// 32 for `A256GCM`. `None` for any other `enc` ("Unsupported JWT Content Encryption Algorithm").
#[must_use]
pub fn v5_key(secret: &str, salt: &str, enc: &str) -> Option<Vec<u8>> {
    let len = match enc {
        "A256CBC-HS512" => 64,
        "A256GCM" => 32,
        _ => return None,
    };
    Some(hkdf_sha256(secret.as_bytes(), salt.as_bytes(), v5_info(salt).as_bytes(), len))
}

/// `next-auth@3` signing key for the default HS512 JWS.
#[must_use]
pub fn v3_signing_key(secret: &str) -> Vec<u8> {
    hkdf_sha256(secret.as_bytes(), b"", b"NextAuth.js Generated Signing Key", 64)
}

/// RFC 7638 thumbprint of the symmetric JWK `{"k":…,"kty":"oct"}`, with the digest chosen the
/// way Auth.js chooses it: `sha${key.len() * 8}` — SHA-512 for its 64-byte keys, SHA-256 for 32.
#[must_use]
pub fn oct_thumbprint(key: &[u8]) -> String {
    let jwk = format!(r#"{{"k":"{}","kty":"oct"}}"#, b64::encode(key));
    if key.len() == 64 {
        b64::encode(&Sha512::digest(jwk.as_bytes()))
    } else {
        b64::encode(&Sha256::digest(jwk.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::token::hex;

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }

    #[test]
    fn rfc5869_test_case_1() {
        let ikm = unhex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        let salt = unhex("000102030405060708090a0b0c");
        let info = unhex("f0f1f2f3f4f5f6f7f8f9");
        let okm = hkdf_sha256(&ikm, &salt, &info, 42);
        assert_eq!(hex(&okm), "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    #[test]
    fn rfc5869_test_case_3_empty_salt_and_info() {
        let ikm = unhex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        let okm = hkdf_sha256(&ikm, b"", b"", 42);
        assert_eq!(hex(&okm), "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
    }

    /// RFC 7638 §3.1 computes the SHA-256 thumbprint of an RSA key. Our function only builds
    /// `oct` JWKs, so this checks the digest-and-encode step on the RFC's exact JSON.
    #[test]
    fn rfc7638_section_3_1_thumbprint() {
        let json = concat!(
            r#"{"e":"AQAB","kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAt"#,
            r#"VT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7"#,
            r#"_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbO"#,
            r#"pbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJ"#,
            r#"zKnqDKgw"}"#
        );
        assert_eq!(b64::encode(&Sha256::digest(json.as_bytes())), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    }

    #[test]
    fn v4_info_appends_salt_only_when_present() {
        assert_eq!(v4_info(""), "NextAuth.js Generated Encryption Key");
        assert_eq!(v4_info("next-auth.state"), "NextAuth.js Generated Encryption Key (next-auth.state)");
    }

    #[test]
    fn v5_short_key_is_prefix_of_long_key() {
        let long = v5_key("s", "authjs.session-token", "A256CBC-HS512").unwrap();
        let short = v5_key("s", "authjs.session-token", "A256GCM").unwrap();
        assert_eq!(&long[..32], &short[..]);
        assert!(v5_key("s", "x", "A128GCM").is_none());
    }
}
