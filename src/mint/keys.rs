//! Signed test tokens (JWS) for every algorithm [`crate::token::jws`] supports, and
//! throw-away key pairs for ES256 and `EdDSA` made from seed bytes the shell supplies.
//!
//! Keys: HS256/384/512 take the secret's UTF-8 bytes; RS*/PS* take an RSA private key, ES256
//! / ES384 an EC private key (PKCS#8 or SEC1 PEM), `EdDSA` an Ed25519 PKCS#8 PEM.

use serde_json::{Map, Value};

use crate::time::UnixTime;
use crate::token::jws::{self, JwsError, JwsKey};

/// Algorithms a test key pair can be generated for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyPairAlg {
    /// P-256 ECDSA (`ES256`).
    Es256,
    /// Ed25519 (`EdDSA`).
    Ed25519,
}

impl KeyPairAlg {
    /// The JWS `alg` this pair signs for.
    #[must_use]
    pub fn jws_alg(self) -> &'static str {
        match self {
            Self::Es256 => "ES256",
            Self::Ed25519 => "EdDSA",
        }
    }

    /// The pair kind for a JWS `alg`, when one can be generated.
    #[must_use]
    pub fn for_alg(alg: &str) -> Option<Self> {
        match alg {
            "ES256" => Some(Self::Es256),
            "EdDSA" => Some(Self::Ed25519),
            _ => None,
        }
    }
}

/// A generated key pair, both halves PEM.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyPair {
    /// PKCS#8 private key (`-----BEGIN PRIVATE KEY-----`).
    pub private_pem: String,
    /// SPKI public key (`-----BEGIN PUBLIC KEY-----`).
    pub public_pem: String,
}

impl std::fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyPair").field("private_pem", &"<redacted>").field("public_pem", &self.public_pem).finish()
    }
}

/// Why a key pair could not be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyGenError {
    /// The seed is not a valid scalar for the curve (zero or ≥ the group order; about
    /// 2⁻³² likely for random bytes): draw new bytes.
    #[error("these seed bytes are not a valid {0} key; try again with new random bytes")]
    BadSeed(&'static str),
    /// PEM encoding failed.
    #[error("cannot encode the key as PEM: {0}")]
    Encode(String),
}

/// Makes a key pair from 32 seed bytes (from the operating system's random source, in the shell).
pub fn generate_key_pair(alg: KeyPairAlg, seed: &[u8; 32]) -> Result<KeyPair, KeyGenError> {
    use p256::pkcs8::{EncodePrivateKey as _, EncodePublicKey as _, LineEnding};
    match alg {
        KeyPairAlg::Es256 => {
            let secret = p256::SecretKey::from_bytes(&(*seed).into()).map_err(|_| KeyGenError::BadSeed("P-256"))?;
            let private_pem =
                secret.to_pkcs8_pem(LineEnding::LF).map_err(|e| KeyGenError::Encode(e.to_string()))?.to_string();
            let public_pem = secret
                .public_key()
                .to_public_key_pem(LineEnding::LF)
                .map_err(|e| KeyGenError::Encode(e.to_string()))?;
            Ok(KeyPair { private_pem, public_pem })
        }
        KeyPairAlg::Ed25519 => {
            let signing = ed25519_dalek::SigningKey::from_bytes(seed);
            let private_pem =
                signing.to_pkcs8_pem(LineEnding::LF).map_err(|e| KeyGenError::Encode(e.to_string()))?.to_string();
            let public_pem = signing
                .verifying_key()
                .to_public_key_pem(LineEnding::LF)
                .map_err(|e| KeyGenError::Encode(e.to_string()))?;
            Ok(KeyPair { private_pem, public_pem })
        }
    }
}

/// The signing key for `alg` from what the user gave: HMAC algorithms use the text's bytes,
/// the others need a PEM document.
pub fn signing_key(alg: &str, key_text: &str) -> Result<JwsKey, JwsError> {
    if !jws::SUPPORTED_ALGS.contains(&alg) {
        return Err(JwsError::UnsupportedAlg(alg.to_owned()));
    }
    if alg.starts_with("HS") {
        if key_text.is_empty() {
            return Err(JwsError::BadKey { alg: alg.to_owned(), reason: "the HMAC secret is empty".into() });
        }
        return Ok(JwsKey::Hmac(key_text.as_bytes().to_vec()));
    }
    if !key_text.trim_start().starts_with("-----BEGIN") {
        return Err(JwsError::BadKey {
            alg: alg.to_owned(),
            reason: "a PEM private key is needed (-----BEGIN PRIVATE KEY-----)".into(),
        });
    }
    Ok(JwsKey::Pem(key_text.to_owned()))
}

/// Signs `claims` as a JWS with `typ: "JWT"`, setting `iat` and `exp` (and `nbf` when given)
/// like the time fields of the Mint form. `jti`, if wanted, is part of `claims`.
pub fn mint_jws(
    claims: &Map<String, Value>,
    alg: &str,
    key: &JwsKey,
    iat: UnixTime,
    exp: UnixTime,
    nbf: Option<UnixTime>,
) -> Result<String, JwsError> {
    let mut claims = claims.clone();
    claims.insert("iat".into(), Value::from(iat.0));
    claims.insert("exp".into(), Value::from(exp.0));
    if let Some(nbf) = nbf {
        claims.insert("nbf".into(), Value::from(nbf.0));
    }
    jws::sign(&claims, alg, key, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_pairs_sign_and_verify_and_reject_another_key() {
        for alg in [KeyPairAlg::Es256, KeyPairAlg::Ed25519] {
            let pair = generate_key_pair(alg, &[7; 32]).unwrap();
            let other = generate_key_pair(alg, &[8; 32]).unwrap();
            assert!(pair.private_pem.starts_with("-----BEGIN PRIVATE KEY-----\n"), "{alg:?}");
            assert!(pair.public_pem.starts_with("-----BEGIN PUBLIC KEY-----\n"), "{alg:?}");
            assert_eq!(pair, generate_key_pair(alg, &[7; 32]).unwrap(), "same seed, same pair");
            let claims = serde_json::json!({"sub": "1"}).as_object().cloned().unwrap();
            let key = signing_key(alg.jws_alg(), &pair.private_pem).unwrap();
            let token = mint_jws(&claims, alg.jws_alg(), &key, UnixTime(10), UnixTime(20), Some(UnixTime(5))).unwrap();
            let got = jws::verify(&token, alg.jws_alg(), &JwsKey::Pem(pair.public_pem.clone())).unwrap();
            assert_eq!(got["sub"], "1");
            assert_eq!((got["iat"].as_i64(), got["exp"].as_i64(), got["nbf"].as_i64()), (Some(10), Some(20), Some(5)));
            assert_eq!(
                jws::verify(&token, alg.jws_alg(), &JwsKey::Pem(other.public_pem)),
                Err(JwsError::BadSignature),
                "{alg:?}"
            );
        }
    }

    #[test]
    fn zero_seed_is_not_a_p256_key() {
        assert_eq!(generate_key_pair(KeyPairAlg::Es256, &[0; 32]), Err(KeyGenError::BadSeed("P-256")));
        assert!(!format!("{:?}", generate_key_pair(KeyPairAlg::Ed25519, &[1; 32]).unwrap()).contains("PRIVATE"));
    }

    #[test]
    fn key_text_must_fit_the_algorithm() {
        assert!(matches!(signing_key("HS256", "s"), Ok(JwsKey::Hmac(b)) if b == b"s"));
        assert!(matches!(signing_key("HS256", ""), Err(JwsError::BadKey { .. })));
        assert!(matches!(signing_key("RS256", "not pem"), Err(JwsError::BadKey { .. })));
        assert!(matches!(signing_key("none", "x"), Err(JwsError::UnsupportedAlg(a)) if a == "none"));
        let key = signing_key("ES256", "-----BEGIN PRIVATE KEY-----\ngarbage\n-----END PRIVATE KEY-----\n").unwrap();
        assert!(matches!(
            mint_jws(&Map::new(), "ES256", &key, UnixTime(0), UnixTime(1), None),
            Err(JwsError::BadKey { .. })
        ));
    }
}
