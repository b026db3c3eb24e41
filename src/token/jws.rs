//! Signed JWTs (JWS). The only module that touches `jsonwebtoken`.
//!
//! Used for the legacy v3 format (HS512 with an HKDF-derived key), for explaining plain
//! JWS tokens found where `NextAuth` expects its JWE, and for minting test JWS tokens.
//! Time claims are *not* checked here: the caller checks them against its own `now`.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde_json::{Map, Value};

/// A key for signing or verifying: raw HMAC bytes or a PEM document.
#[derive(Clone)]
pub enum JwsKey {
    /// HMAC secret bytes (HS256/384/512).
    Hmac(Vec<u8>),
    /// PEM: RSA (RS*/PS*), EC (ES256/384) or Ed25519 (`EdDSA`), private for signing, public for verifying.
    Pem(String),
}

impl std::fmt::Debug for JwsKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Hmac(k) => write!(f, "JwsKey::Hmac(<{} bytes>)", k.len()),
            Self::Pem(_) => f.write_str("JwsKey::Pem(<redacted>)"),
        }
    }
}

/// Why a JWS was not verified or not made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JwsError {
    /// The algorithm name is not one we handle (including `none`).
    #[error("unsupported JWS algorithm {0:?}")]
    UnsupportedAlg(String),
    /// The key does not fit the algorithm (e.g. a PEM that does not parse).
    #[error("the key does not fit {alg}: {reason}")]
    BadKey {
        /// Algorithm.
        alg: String,
        /// jsonwebtoken's description.
        reason: String,
    },
    /// The signature does not verify with this key.
    #[error("signature verification failed")]
    BadSignature,
    /// Not a parseable JWS.
    #[error("malformed JWS: {0}")]
    Malformed(String),
}

/// Every algorithm authlab can verify and sign.
pub const SUPPORTED_ALGS: &[&str] =
    &["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA"];

fn parse_alg(alg: &str) -> Result<Algorithm, JwsError> {
    if !SUPPORTED_ALGS.contains(&alg) {
        return Err(JwsError::UnsupportedAlg(alg.to_owned()));
    }
    alg.parse::<Algorithm>().map_err(|_| JwsError::UnsupportedAlg(alg.to_owned()))
}

fn decoding_key(alg: Algorithm, key: &JwsKey) -> Result<DecodingKey, jsonwebtoken::errors::Error> {
    use jsonwebtoken::AlgorithmFamily as F;
    match (alg.family(), key) {
        (F::Hmac, JwsKey::Hmac(bytes)) => DecodingKey::from_secret(bytes),
        (F::Hmac, JwsKey::Pem(pem)) => DecodingKey::from_secret(pem.as_bytes()),
        (F::Rsa, JwsKey::Pem(pem)) => DecodingKey::from_rsa_pem(pem.as_bytes()),
        (F::Ec, JwsKey::Pem(pem)) => DecodingKey::from_ec_pem(pem.as_bytes()),
        (F::Ed, JwsKey::Pem(pem)) => DecodingKey::from_ed_pem(pem.as_bytes()),
        (_, JwsKey::Hmac(_)) => Err(jsonwebtoken::errors::ErrorKind::InvalidKeyFormat.into()),
    }
}

fn encoding_key(alg: Algorithm, key: &JwsKey) -> Result<EncodingKey, jsonwebtoken::errors::Error> {
    use jsonwebtoken::AlgorithmFamily as F;
    match (alg.family(), key) {
        (F::Hmac, JwsKey::Hmac(bytes)) => EncodingKey::from_secret(bytes),
        (F::Hmac, JwsKey::Pem(pem)) => EncodingKey::from_secret(pem.as_bytes()),
        (F::Rsa, JwsKey::Pem(pem)) => EncodingKey::from_rsa_pem(pem.as_bytes()),
        (F::Ec, JwsKey::Pem(pem)) => EncodingKey::from_ec_pem(pem.as_bytes()),
        (F::Ed, JwsKey::Pem(pem)) => EncodingKey::from_ed_pem(pem.as_bytes()),
        (_, JwsKey::Hmac(_)) => Err(jsonwebtoken::errors::ErrorKind::InvalidKeyFormat.into()),
    }
}

/// Verifies the signature of `token` (whose header says `alg`) with `key` and returns the
/// claims. Expiry and audience are left to the caller.
pub fn verify(token: &str, alg: &str, key: &JwsKey) -> Result<Map<String, Value>, JwsError> {
    let algorithm = parse_alg(alg)?;
    let decoding =
        decoding_key(algorithm, key).map_err(|e| JwsError::BadKey { alg: alg.to_owned(), reason: e.to_string() })?;
    let mut validation = Validation::new(algorithm);
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    match jsonwebtoken::decode::<Map<String, Value>>(token, &decoding, &validation) {
        Ok(data) => Ok(data.claims),
        Err(e) => Err(match e.kind() {
            jsonwebtoken::errors::ErrorKind::InvalidSignature => JwsError::BadSignature,
            jsonwebtoken::errors::ErrorKind::InvalidKeyFormat
            | jsonwebtoken::errors::ErrorKind::InvalidRsaKey(_)
            | jsonwebtoken::errors::ErrorKind::InvalidEcdsaKey => {
                JwsError::BadKey { alg: alg.to_owned(), reason: e.to_string() }
            }
            _ => JwsError::Malformed(e.to_string()),
        }),
    }
}

/// Signs `claims` with `alg`. `typ: "JWT"` is written unless `with_typ` is false (v3 wrote
/// only `{"alg":"HS512"}`).
pub fn sign(claims: &Map<String, Value>, alg: &str, key: &JwsKey, with_typ: bool) -> Result<String, JwsError> {
    let algorithm = parse_alg(alg)?;
    let encoding =
        encoding_key(algorithm, key).map_err(|e| JwsError::BadKey { alg: alg.to_owned(), reason: e.to_string() })?;
    let mut header = Header::new(algorithm);
    if !with_typ {
        header.typ = None;
    }
    jsonwebtoken::encode(&header, claims, &encoding)
        .map_err(|e| JwsError::BadKey { alg: alg.to_owned(), reason: e.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn hs256_round_trip_and_wrong_key() {
        let claims = json!({"sub": "1", "exp": 1}).as_object().cloned().unwrap();
        let token = sign(&claims, "HS256", &JwsKey::Hmac(b"k".to_vec()), true).unwrap();
        assert_eq!(verify(&token, "HS256", &JwsKey::Hmac(b"k".to_vec())).unwrap(), claims);
        assert_eq!(verify(&token, "HS256", &JwsKey::Hmac(b"x".to_vec())), Err(JwsError::BadSignature));
    }

    #[test]
    fn none_is_never_supported() {
        assert_eq!(verify("a.b.c", "none", &JwsKey::Hmac(vec![1])), Err(JwsError::UnsupportedAlg("none".into())));
    }

    #[test]
    fn v3_header_has_no_typ() {
        let claims = json!({"a": 1}).as_object().cloned().unwrap();
        let token = sign(&claims, "HS512", &JwsKey::Hmac(vec![1; 64]), false).unwrap();
        assert!(token.starts_with("eyJhbGciOiJIUzUxMiJ9."), "{token}");
    }
}
