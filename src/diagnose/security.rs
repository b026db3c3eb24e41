//! Security findings on a token's shape, before any key decides anything: `alg: none` in
//! any casing, algorithms nobody should accept, ECDSA signatures with `r` or `s` zero
//! (CVE-2022-21449), HMAC tokens whose key is a public key (key confusion), and JWE headers
//! `NextAuth` never writes (`crit`, `zip`, another `alg` / `enc`). None of them is ever accepted.

use serde_json::{Map, Value};

use super::explain::Fact;
use crate::token::b64;
use crate::token::jws::{self, JwsKey};

/// Facts about a JWS header and signature. `keys` are the configured secrets and keys
/// (label, text) that could have been misused as an HMAC key.
#[must_use]
pub fn jws_facts(token: &str, header: &Map<String, Value>, keys: &[(String, String)]) -> Vec<Fact> {
    let mut facts = Vec::new();
    let Some(alg) = header.get("alg").and_then(Value::as_str) else {
        facts.push(Fact::UnsupportedAlg { alg: "(missing)".into() });
        return facts;
    };
    if alg.eq_ignore_ascii_case("none") {
        facts.push(Fact::JwsAlgNone);
        return facts;
    }
    if !jws::SUPPORTED_ALGS.contains(&alg) && alg != "ES512" {
        facts.push(Fact::UnsupportedAlg { alg: alg.to_owned() });
    }
    let signature = token.rsplit('.').next().and_then(b64::decode).unwrap_or_default();
    if let Some(half) = match alg {
        "ES256" => Some(32),
        "ES384" => Some(48),
        "ES512" => Some(66),
        _ => None,
    } && signature.len() == 2 * half
    {
        let (r, s) = signature.split_at(half);
        let zero = |x: &[u8]| x.iter().all(|b| *b == 0);
        let which = match (zero(r), zero(s)) {
            (true, true) => Some("r and s"),
            (true, false) => Some("r"),
            (false, true) => Some("s"),
            (false, false) => None,
        };
        if let Some(zero) = which {
            facts.push(Fact::EcdsaZeroSignature { alg: alg.to_owned(), zero });
        }
    }
    if alg.starts_with("HS") {
        for (label, text) in keys.iter().filter(|(_, t)| looks_like_public_key(t)) {
            let variants = [text.as_str(), text.trim_end(), &format!("{}\n", text.trim_end())];
            if variants.iter().any(|v| jws::verify(token, alg, &JwsKey::Hmac(v.as_bytes().to_vec())).is_ok()) {
                facts.push(Fact::KeyConfusion { alg: alg.to_owned(), key: label.clone() });
                break;
            }
        }
    }
    facts
}

/// A PEM public key or certificate, or a public JWK.
#[must_use]
pub fn looks_like_public_key(text: &str) -> bool {
    let t = text.trim();
    (t.starts_with("-----BEGIN") && (t.contains("PUBLIC KEY") || t.contains("CERTIFICATE")))
        || (t.starts_with('{') && t.contains("\"kty\"") && !t.contains("\"d\""))
}

/// Facts about a JWE protected header `NextAuth` would never write.
#[must_use]
pub fn jwe_header_facts(header: &Map<String, Value>) -> Vec<Fact> {
    let mut facts = Vec::new();
    let s = |k: &str| header.get(k).and_then(Value::as_str);
    if let Some(crit) = header.get("crit") {
        facts.push(Fact::JweHeaderRisk {
            member: "crit".into(),
            detail: format!("`crit: {crit}` asks the reader to understand extensions; jose recognises none for JWE and rejects the token (`Extension Header Parameter … is not recognized`)."),
        });
    }
    let v3_encrypted = s("alg") == Some("dir") && s("enc") == Some("A256GCM") && s("zip") == Some("DEF");
    if let Some(zip) = header.get("zip")
        && !v3_encrypted
    {
        facts.push(Fact::JweHeaderRisk {
            member: "zip".into(),
            detail: format!("`zip: {zip}` asks the reader to decompress after decrypting (only next-auth v3 with `jwt.encryption: true` wrote `DEF`); jose 5+ refuses it, and decompression of attacker input is a denial-of-service risk."),
        });
    }
    match s("alg") {
        Some("dir") => {}
        other => facts.push(Fact::JweHeaderRisk {
            member: "alg".into(),
            detail: format!("`alg` is {}, not `dir`: the content key would come from the token itself or another key, not from your secret.", other.map_or_else(|| "missing".to_owned(), |a| format!("`{a}`"))),
        }),
    }
    match s("enc") {
        Some("A256GCM" | "A256CBC-HS512") => {}
        other => facts.push(Fact::JweHeaderRisk {
            member: "enc".into(),
            detail: format!(
                "`enc` is {}, which no NextAuth version uses.",
                other.map_or_else(|| "missing".to_owned(), |a| format!("`{a}`"))
            ),
        }),
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn header(v: &Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    fn codes(facts: &[Fact]) -> Vec<&'static str> {
        facts.iter().map(|f| super::super::explain(f).code).collect()
    }

    #[test]
    fn alg_none_in_any_casing() {
        for alg in ["none", "None", "NONE", "nOnE"] {
            assert_eq!(codes(&jws_facts("e.e.", &header(&json!({"alg": alg})), &[])), ["jws.alg_none"], "{alg}");
        }
    }

    #[test]
    fn unsupported_and_missing_algs() {
        assert_eq!(codes(&jws_facts("e.e.s", &header(&json!({"alg": "HS1"})), &[])), ["jws.unsupported_alg"]);
        assert_eq!(codes(&jws_facts("e.e.s", &header(&json!({"typ": "JWT"})), &[])), ["jws.unsupported_alg"]);
        assert!(jws_facts("e.e.s", &header(&json!({"alg": "RS256"})), &[]).is_empty());
    }

    #[test]
    fn ecdsa_zero_signatures_are_caught() {
        let zeros = b64::encode(&[0u8; 64]);
        let facts = jws_facts(&format!("e.e.{zeros}"), &header(&json!({"alg": "ES256"})), &[]);
        assert_eq!(facts, [Fact::EcdsaZeroSignature { alg: "ES256".into(), zero: "r and s" }]);
        let mut sig = vec![1u8; 96];
        sig[48..].fill(0);
        let facts = jws_facts(&format!("e.e.{}", b64::encode(&sig)), &header(&json!({"alg": "ES384"})), &[]);
        assert_eq!(facts, [Fact::EcdsaZeroSignature { alg: "ES384".into(), zero: "s" }]);
        let ok = b64::encode(&[1u8; 64]);
        assert!(jws_facts(&format!("e.e.{ok}"), &header(&json!({"alg": "ES256"})), &[]).is_empty());
    }

    #[test]
    fn hmac_token_signed_with_a_public_key_is_key_confusion() {
        let pem =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/keys/rsa.pub.pem")).unwrap();
        let claims = json!({"sub": "admin"}).as_object().cloned().unwrap();
        let forged = jws::sign(&claims, "HS256", &JwsKey::Hmac(pem.as_bytes().to_vec()), true).unwrap();
        let keys = vec![("reader `api`'s key".to_owned(), pem.clone())];
        let facts = jws_facts(&forged, &header(&json!({"alg": "HS256"})), &keys);
        assert_eq!(codes(&facts), ["jws.key_confusion"]);
        let honest = jws::sign(&claims, "HS256", &JwsKey::Hmac(b"k".to_vec()), true).unwrap();
        assert!(jws_facts(&honest, &header(&json!({"alg": "HS256"})), &keys).is_empty());
        assert!(looks_like_public_key(&pem));
        assert!(!looks_like_public_key("nRfhZtlH4cN/Pxm9t/4Zf4T+LVYavo1odgkIun+n94E="));
    }

    #[test]
    fn jwe_headers_nextauth_never_writes() {
        assert!(jwe_header_facts(&header(&json!({"alg": "dir", "enc": "A256GCM"}))).is_empty());
        assert!(jwe_header_facts(&header(&json!({"alg": "dir", "enc": "A256GCM", "zip": "DEF"}))).is_empty(), "v3");
        let members = |v: &Value| -> Vec<String> {
            jwe_header_facts(&header(v))
                .into_iter()
                .map(|f| match f {
                    Fact::JweHeaderRisk { member, .. } => member,
                    _ => String::new(),
                })
                .collect()
        };
        assert_eq!(members(&json!({"alg": "dir", "enc": "A256CBC-HS512", "zip": "DEF", "kid": "k"})), ["zip"]);
        assert_eq!(members(&json!({"alg": "A256KW", "enc": "A128GCM", "crit": ["exp"]})), ["crit", "alg", "enc"]);
    }
}
