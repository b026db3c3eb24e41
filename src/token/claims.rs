//! The claim checks jose runs after decryption, against an explicit `now`.

use serde_json::{Map, Value};

use crate::time::UnixTime;

/// Why jose rejected the claims set.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ClaimsError {
    /// `JWTInvalid: JWT Claims Set must be a top-level JSON object`.
    #[error("JWTInvalid: JWT Claims Set must be a top-level JSON object")]
    NotAnObject,
    /// `JWTClaimValidationFailed: "<claim>" claim must be a number`.
    #[error("JWTClaimValidationFailed: \"{0}\" claim must be a number")]
    NotANumber(&'static str),
    /// `JWTExpired: "exp" claim timestamp check failed` — `exp <= now - tolerance`.
    #[error("JWTExpired: \"exp\" claim timestamp check failed")]
    Expired {
        /// The token's `exp`.
        exp: i64,
    },
    /// `JWTClaimValidationFailed: "nbf" claim timestamp check failed` — `nbf > now + tolerance`.
    #[error("JWTClaimValidationFailed: \"nbf\" claim timestamp check failed")]
    NotYetValid {
        /// The token's `nbf`.
        nbf: i64,
    },
}

impl ClaimsError {
    /// jose's class name.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            Self::NotAnObject => "JWTInvalid",
            Self::Expired { .. } => "JWTExpired",
            Self::NotANumber(_) | Self::NotYetValid { .. } => "JWTClaimValidationFailed",
        }
    }

    /// jose's message.
    #[must_use]
    pub fn message(&self) -> String {
        let full = self.to_string();
        full.split_once(": ").map_or(full.clone(), |(_, m)| m.to_owned())
    }
}

/// Parses a decrypted payload into a claims object (no time checks).
pub fn parse_claims(plaintext: &[u8]) -> Result<Map<String, Value>, ClaimsError> {
    match serde_json::from_slice::<Value>(plaintext) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(ClaimsError::NotAnObject),
    }
}

/// A numeric claim, truncated to whole seconds (`None` when absent).
fn numeric(claims: &Map<String, Value>, name: &'static str) -> Result<Option<f64>, ClaimsError> {
    match claims.get(name) {
        None => Ok(None),
        Some(Value::Number(n)) => Ok(n.as_f64()),
        Some(_) => Err(ClaimsError::NotANumber(name)),
    }
}

/// A time claim as whole seconds, if present and numeric.
#[must_use]
pub fn time_claim(claims: &Map<String, Value>, name: &'static str) -> Option<UnixTime> {
    numeric(claims, name).ok().flatten().map(|v| UnixTime(v.floor() as i64))
}

/// jose's `jwtPayload` checks with `clockTolerance`: types of `iat`/`nbf`/`exp`, then
/// `nbf > now + tolerance` fails and `exp <= now - tolerance` fails. No `exp` never expires.
pub fn check_times(claims: &Map<String, Value>, now: UnixTime, tolerance_secs: i64) -> Result<(), ClaimsError> {
    numeric(claims, "iat")?;
    let now = now.0 as f64;
    let tolerance = tolerance_secs as f64;
    if let Some(nbf) = numeric(claims, "nbf")?
        && nbf > now + tolerance
    {
        return Err(ClaimsError::NotYetValid { nbf: nbf as i64 });
    }
    if let Some(exp) = numeric(claims, "exp")?
        && exp <= now - tolerance
    {
        return Err(ClaimsError::Expired { exp: exp as i64 });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[expect(clippy::needless_pass_by_value, reason = "reads better with json! literals")]
    fn claims(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn exp_in_past_but_within_tolerance_ok() {
        let c = claims(json!({"exp": 1000}));
        assert_eq!(check_times(&c, UnixTime(1014), 15), Ok(()));
        assert_eq!(check_times(&c, UnixTime(1015), 15), Err(ClaimsError::Expired { exp: 1000 }));
    }

    #[test]
    fn nbf_boundary_mirrors_exp() {
        let c = claims(json!({"nbf": 1000}));
        assert_eq!(check_times(&c, UnixTime(985), 15), Ok(()));
        assert_eq!(check_times(&c, UnixTime(984), 15), Err(ClaimsError::NotYetValid { nbf: 1000 }));
    }

    #[test]
    fn no_exp_never_expires() {
        assert_eq!(check_times(&claims(json!({"sub": "1"})), UnixTime(i64::MAX / 2), 15), Ok(()));
    }

    #[test]
    fn non_numeric_exp_is_rejected() {
        assert_eq!(check_times(&claims(json!({"exp": "soon"})), UnixTime(0), 15), Err(ClaimsError::NotANumber("exp")));
    }

    #[test]
    fn payload_must_be_an_object() {
        assert_eq!(parse_claims(b"\"a.b.c\""), Err(ClaimsError::NotAnObject));
        assert_eq!(parse_claims(b"not json"), Err(ClaimsError::NotAnObject));
        assert!(parse_claims(br#"{"a":1}"#).is_ok());
    }
}
