//! Plain JWS through the one jsonwebtoken module: every supported algorithm signs and
//! verifies, and a wrong key fails.

use authlab::token::jws::{self, JwsError, JwsKey};
use serde_json::json;

fn key(name: &str) -> JwsKey {
    let path = crate::util::fixtures_dir().join("keys").join(name);
    JwsKey::Pem(std::fs::read_to_string(path).expect("test key"))
}

#[test]
fn every_asymmetric_algorithm_round_trips_and_rejects_the_wrong_key() {
    let claims = json!({"sub": "42", "exp": 2_000_000_000}).as_object().cloned().unwrap();
    let cases = [
        ("RS256", "rsa.pem", "rsa.pub.pem"),
        ("RS384", "rsa.pem", "rsa.pub.pem"),
        ("RS512", "rsa.pem", "rsa.pub.pem"),
        ("PS256", "rsa.pem", "rsa.pub.pem"),
        ("PS384", "rsa.pem", "rsa.pub.pem"),
        ("PS512", "rsa.pem", "rsa.pub.pem"),
        ("ES256", "ec256.pem", "ec256.pub.pem"),
        ("ES384", "ec384.pem", "ec384.pub.pem"),
        ("EdDSA", "ed25519.pem", "ed25519.pub.pem"),
    ];
    for (alg, private, public) in cases {
        let token = jws::sign(&claims, alg, &key(private), true).unwrap_or_else(|e| panic!("{alg}: {e}"));
        assert_eq!(jws::verify(&token, alg, &key(public)).unwrap(), claims, "{alg}");
        // Flip one signature character: it must fail.
        let mut bytes = token.into_bytes();
        let last = bytes.len() - 5;
        bytes[last] = if bytes[last] == b'A' { b'B' } else { b'A' };
        let altered = String::from_utf8(bytes).unwrap();
        assert!(jws::verify(&altered, alg, &key(public)).is_err(), "{alg}: altered token verified");
    }
    let es = jws::sign(&claims, "ES256", &key("ec256.pem"), true).unwrap();
    assert!(jws::verify(&es, "ES256", &key("ed25519.pub.pem")).is_err(), "an Ed25519 key must not verify ES256");
    assert!(matches!(
        jws::verify(&es, "HS256", &JwsKey::Hmac(b"k".to_vec())),
        Err(JwsError::BadSignature | JwsError::Malformed(_))
    ));
}

#[test]
fn hmac_algorithms_round_trip() {
    let claims = json!({"a": [1, 2, {"b": null}], "ü": "✓"}).as_object().cloned().unwrap();
    for alg in ["HS256", "HS384", "HS512"] {
        let token = jws::sign(&claims, alg, &JwsKey::Hmac(b"hmac-key".to_vec()), true).unwrap();
        assert_eq!(jws::verify(&token, alg, &JwsKey::Hmac(b"hmac-key".to_vec())).unwrap(), claims);
        assert_eq!(jws::verify(&token, alg, &JwsKey::Hmac(b"other".to_vec())), Err(JwsError::BadSignature));
    }
}
