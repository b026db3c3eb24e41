//! `authlab mint` beyond session tokens and `authlab keygen`, through the real binary:
//! every JWS algorithm with PEM keys, generated pairs, times and output formats.

use std::process::{Output, Stdio};

use authlab::token::jws::{self, JwsKey, SUPPORTED_ALGS};
use serde_json::Value;

fn authlab(args: &[&str]) -> Output {
    super::util::authlab_cmd().args(args).stdin(Stdio::null()).output().expect("run authlab")
}

fn stdout(out: &Output) -> String {
    assert!(out.status.success(), "authlab failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).expect("utf-8")
}

fn key_path(name: &str) -> String {
    crate::util::fixtures_dir().join("keys").join(name).display().to_string()
}

fn public_key(alg: &str) -> JwsKey {
    let file = match alg {
        a if a.starts_with("RS") || a.starts_with("PS") => "rsa.pub.pem",
        "ES256" => "ec256.pub.pem",
        "ES384" => "ec384.pub.pem",
        _ => "ed25519.pub.pem",
    };
    JwsKey::Pem(std::fs::read_to_string(key_path(file)).expect("public key"))
}

fn private_key_arg(alg: &str) -> String {
    let file = match alg {
        a if a.starts_with("RS") || a.starts_with("PS") => "rsa.pem",
        "ES256" => "ec256.pem",
        "ES384" => "ec384.pem",
        _ => "ed25519.pem",
    };
    format!("--key=@{}", key_path(file))
}

#[test]
fn mint_jws_signs_with_every_supported_algorithm() {
    for alg in SUPPORTED_ALGS {
        let key = if alg.starts_with("HS") { "--key=jws-hmac-secret".to_owned() } else { private_key_arg(alg) };
        let token = stdout(&authlab(&[
            "mint",
            "--jws",
            alg,
            &key,
            "--claims",
            r#"{"sub":"42","scope":"read"}"#,
            "--at",
            "1767225600",
            "--exp",
            "+1h",
            "--nbf",
            "-5m",
        ]));
        let token = token.trim();
        let verify_key =
            if alg.starts_with("HS") { JwsKey::Hmac(b"jws-hmac-secret".to_vec()) } else { public_key(alg) };
        let claims = jws::verify(token, alg, &verify_key).unwrap_or_else(|e| panic!("{alg}: {e}"));
        assert_eq!(claims["sub"], "42", "{alg}");
        assert_eq!(claims["iat"], 1_767_225_600, "{alg}");
        assert_eq!(claims["exp"], 1_767_225_600 + 3600, "{alg}");
        assert_eq!(claims["nbf"], 1_767_225_600 - 300, "{alg}");
        let header: Value = serde_json::from_slice(
            &authlab::token::b64::decode(token.split('.').next().unwrap()).expect("header base64url"),
        )
        .unwrap();
        assert_eq!(header["alg"], *alg);
        assert_eq!(header["typ"], "JWT");
    }
}

#[test]
fn keygen_pairs_sign_and_verify_through_jsonwebtoken() {
    let dir = std::env::temp_dir().join(format!("authlab-keygen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (kind, alg) in [("es256", "ES256"), ("eddsa", "EdDSA")] {
        let prefix = dir.join(kind);
        let out = authlab(&["keygen", kind, "--out", prefix.to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let private = dir.join(format!("{kind}.pem"));
        let public = std::fs::read_to_string(dir.join(format!("{kind}.pub.pem"))).unwrap();
        assert!(public.starts_with("-----BEGIN PUBLIC KEY-----\n"));
        let token = stdout(&authlab(&["mint", "--jws", alg, &format!("--key=@{}", private.display())]));
        let claims = jws::verify(token.trim(), alg, &JwsKey::Pem(public.clone())).expect("verifies");
        assert_eq!(claims["sub"], "authlab-test");
        // Another pair's public key must not verify it.
        let other = stdout(&authlab(&["keygen", kind]));
        let other_public = &other[other.find("-----BEGIN PUBLIC KEY-----").expect("public half printed")..];
        assert_eq!(
            jws::verify(token.trim(), alg, &JwsKey::Pem(other_public.to_owned())),
            Err(jws::JwsError::BadSignature),
            "{alg}"
        );
        assert!(other.starts_with("-----BEGIN PRIVATE KEY-----\n"));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn mint_jws_refuses_bad_keys_and_cookie_formats() {
    let out = authlab(&["mint", "--jws", "RS256"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("RS256 needs a private key: --key @FILE.pem"));
    let out = authlab(&["mint", "--jws", "none", "--key", "k"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--jws \"none\": use one of HS256"));
    let out =
        authlab(&["mint", "--jws", "ES256", "--key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the key does not fit ES256"), "{out:?}");
    let out = authlab(&["mint", "--jws", "HS256", "--key", "k", "--format", "set-cookie"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("not session cookies"));
    let auth = stdout(&authlab(&["mint", "--jws", "hs256", "--key", "k", "--format", "authorization"]));
    assert!(auth.starts_with("Authorization: Bearer eyJ"), "{auth}");
}

#[test]
fn mint_times_and_console_format() {
    let out = authlab(&[
        "mint",
        "--flavor",
        "v5",
        "--secret",
        "t-secret",
        "--at",
        "1767225600",
        "--iat",
        "-1h",
        "--nbf",
        "2026-01-01",
        "--exp",
        "2026-01-02T00:00:00Z",
    ]);
    let token = stdout(&out);
    let json: Value = serde_json::from_slice(
        &authlab(&["decode", "--json", "--flavor", "v5", "--secret", "t-secret", "--at", "1767225600", token.trim()])
            .stdout,
    )
    .unwrap();
    assert_eq!(json["outcome"], "accepted", "{json}");
    assert_eq!(json["claims"]["iat"], 1_767_225_600 - 3600);
    assert_eq!(json["claims"]["nbf"], 1_767_225_600);
    assert_eq!(json["claims"]["exp"], 1_767_312_000);
    let console = stdout(&authlab(&["mint", "--secret", "s", "--secure", "--format", "console", "--at", "1767225600"]));
    assert!(console.starts_with("document.cookie = \"__Secure-authjs.session-token=eyJ"), "{console}");
    assert!(console.trim_end().ends_with("; Path=/; Expires=Sat, 31 Jan 2026 00:00:00 GMT; SameSite=Lax; Secure\";"));
    let bad = authlab(&["mint", "--secret", "s", "--exp", "soon", "--claims", "{\"a\":"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("Claims: line 1, column 5: EOF while parsing a value"), "{err}");
    assert!(err.contains("exp: \"soon\" is not a time"), "{err}");
}
