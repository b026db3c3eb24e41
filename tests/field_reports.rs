//! The field reports (`shared/docs/FIELD-REPORTS.md`) as tests: each kind of fault, with the
//! verdict text pinned by snapshots.

use std::fmt::Write as _;

use authlab::config::{self, Candidate, Config, CookieSecurity, SecretEntry, Strategy};
use authlab::cookie::{self, Input};
use authlab::token::Flavor;
use authlab::token::nextauth::{self, MintParams};
use authlab::{Outcome, UnixTime, diagnose};
use serde_json::{Map, Value, json};

const NOW: UnixTime = UnixTime(1_767_229_200);

fn claims(extra: Value) -> Map<String, Value> {
    let mut m = json!({"name": "Ada Example", "email": "ada@example.com", "sub": "1001"}).as_object().cloned().unwrap();
    if let Value::Object(e) = extra {
        m.extend(e);
    }
    m
}

/// A token as the library would mint it, deterministic (fixed IV and `jti`), issued 10 days ago.
fn mint(flavor: Flavor, secret: &str, salt: &str, extra: Value) -> String {
    let iv = [7u8; 16];
    nextauth::encode(
        flavor,
        &MintParams {
            claims: claims(extra),
            secret,
            salt,
            max_age_secs: 30 * 86_400,
            now: NOW.plus_secs(-10 * 86_400),
            iv: if flavor == Flavor::V4 { &iv[..12] } else { &iv },
            jti: nextauth::uuid_v4([9; 16]),
        },
    )
    .unwrap()
}

fn config(flavor: Flavor, secrets: &[&str]) -> Config {
    Config { version: flavor, secrets: secrets.iter().map(|s| SecretEntry::literal(*s)).collect(), ..Config::default() }
}

fn cookies(header: &str) -> Input {
    Input { cookies: Some(cookie::parse_cookie_header(header)), ..Input::default() }
}

/// The verdict as a stable text block for snapshots: outcome, library error, findings.
fn summary(v: &authlab::Verdict) -> String {
    let mut out = format!("{:?}", v.outcome);
    if let Some(e) = &v.library_error {
        let _ = write!(out, "\nlibrary: {}", e.display());
    }
    for f in &v.findings {
        let _ = write!(out, "\n[{:?}] {} — {}\n  why: {}\n  fix: {}", f.severity, f.code, f.title, f.why, f.fix);
    }
    out
}

#[test]
fn fr01_secret_changed_at_deploy_candidate_opens_the_cookie() {
    let token = mint(Flavor::V4, "prod-A-secret-value", "", json!({}));
    let mut c = config(Flavor::V4, &["prod-B-secret-value"]);
    c.url = Some("https://app.example.com".into());
    c.candidates.push(Candidate { label: "prod-A".into(), secret: SecretEntry::literal("prod-A-secret-value") });
    let v = diagnose(&c, &cookies(&format!("__Secure-next-auth.session-token={token}")), NOW);
    assert_eq!(v.outcome, Outcome::Rejected);
    assert_eq!(v.codes(), ["secret.mismatch", "secret.candidate_opens"]);
    assert_eq!(v.library_error.as_ref().unwrap().name, "JWEDecryptionFailed");
    assert_eq!(v.claims.as_ref().unwrap()["email"], "ada@example.com", "the candidate shows the claims");
    insta::assert_snapshot!(summary(&v));
}

#[test]
fn fr02_no_secret_in_development_and_a_foreign_cookie() {
    let token = mint(Flavor::V4, "other-app", "", json!({}));
    let v = diagnose(&config(Flavor::V4, &[]), &cookies(&format!("next-auth.session-token={token}")), NOW);
    // In development v4 only warns NO_SECRET, so the warning comes after the mismatch error.
    assert_eq!(v.codes(), ["secret.mismatch", "secret.missing"]);
    let mut prod = config(Flavor::V4, &[]);
    prod.environment = config::Environment::Production;
    let v_prod = diagnose(&prod, &cookies(&format!("next-auth.session-token={token}")), NOW);
    assert!(v_prod.findings[0].why.contains("NO_SECRET"));
    insta::assert_snapshot!(summary(&v));
}

#[test]
fn fr05_every_way_a_reader_misses_the_secure_cookie() {
    for flavor in [Flavor::V4, Flavor::V5] {
        let secure_name = cookie::session_cookie_name(flavor, true);
        let salt = if flavor == Flavor::V5 { secure_name.clone() } else { String::new() };
        let token = mint(flavor, "k-secret", &salt, json!({}));
        let big = mint(flavor, "k-secret", &salt, json!({"accessToken": "a".repeat(9000)}));
        let chunked = cookie::cookie_header(&cookie::chunk(&secure_name, &big, flavor));
        for header in [format!("{secure_name}={token}"), chunked] {
            // A reader that does not flag secure cookies (http URL, no secureCookie).
            let plain = config(flavor, &["k-secret"]);
            let v = diagnose(&plain, &cookies(&header), NOW);
            assert_eq!(v.outcome, Outcome::Rejected, "{flavor}");
            assert!(v.has("cookie.name_mismatch"), "{flavor}: {:?}", v.codes());
            assert!(v.findings[0].why.contains("opens with your secret"), "{flavor}: {}", v.findings[0].why);
            // Flagging secure cookies (or an https URL) fixes it.
            let mut fixed = plain.clone();
            fixed.cookies.secure = CookieSecurity::Always;
            assert_eq!(diagnose(&fixed, &cookies(&header), NOW).outcome, Outcome::Accepted, "{flavor}");
            let mut https = plain.clone();
            https.url = Some("https://app.example.com".into());
            assert_eq!(diagnose(&https, &cookies(&header), NOW).outcome, Outcome::Accepted, "{flavor}");
        }
    }
    // The v5 bare token minted for the secure name, read with the plain salt: salt.mismatch.
    let token = mint(Flavor::V5, "k-secret", "__Secure-authjs.session-token", json!({}));
    let v = diagnose(&config(Flavor::V5, &["k-secret"]), &Input::token(token), NOW);
    assert_eq!(v.codes(), ["salt.mismatch"]);
}

#[test]
fn fr06_reader_passes_the_v4_cookie_name_as_salt() {
    let token = mint(Flavor::V5, "k-secret", "authjs.session-token", json!({}));
    let mut c = config(Flavor::V5, &["k-secret"]);
    c.jwt.salt = Some("next-auth.session-token".into());
    let v = diagnose(&c, &cookies(&format!("authjs.session-token={token}")), NOW);
    assert_eq!(v.codes(), ["salt.mismatch"]);
    assert_eq!(v.library_error.as_ref().unwrap().message, "no matching decryption secret");
    insta::assert_snapshot!(summary(&v));
}

#[test]
fn fr07_custom_hs256_encoder_is_signed_not_encrypted() {
    use authlab::token::jws::{self, JwsKey};
    let token = jws::sign(&claims(json!({"exp": NOW.0 + 3600})), "HS256", &JwsKey::Hmac(b"x".to_vec()), true).unwrap();
    let v = diagnose(&config(Flavor::V4, &["x"]), &cookies(&format!("next-auth.session-token={token}")), NOW);
    assert_eq!(v.codes(), ["token.signed_not_encrypted"]);
    assert!(v.findings[0].why.contains("verifies with secret #1"), "{}", v.findings[0].why);
    assert_eq!(v.library_error.as_ref().unwrap().display(), "JWEInvalid: Invalid Compact JWE");
}

#[test]
fn fr08_large_sessions_chunks_out_of_order_stale_and_missing() {
    let big = mint(Flavor::V4, "k-secret", "", json!({"idToken": "i".repeat(4000)}));
    let parts = cookie::chunk("next-auth.session-token", &big, Flavor::V4);
    assert_eq!(parts.len(), 2);
    let c = config(Flavor::V4, &["k-secret"]);
    // Out of order: fine.
    let reversed = format!("{}={}; {}={}", parts[1].name, parts[1].value, parts[0].name, parts[0].value);
    let v = diagnose(&c, &cookies(&reversed), NOW);
    assert_eq!(v.outcome, Outcome::Accepted);
    assert_eq!(v.chunks.len(), 2);
    // A leftover .2 from a bigger, older session.
    let stale = format!("{reversed}; next-auth.session-token.2=leftoverleftover");
    let v = diagnose(&c, &cookies(&stale), NOW);
    assert_eq!(v.codes(), ["cookie.stale_chunk"]);
    // A gap: .0 and .2 but no .1.
    let gap = format!("{}={}; next-auth.session-token.2=tail", parts[0].name, parts[0].value);
    let v = diagnose(&c, &cookies(&gap), NOW);
    assert_eq!(v.codes(), ["cookie.missing_chunk"]);
    // The last chunk dropped: .0 is full-size and nothing follows.
    let v = diagnose(&c, &cookies(&format!("{}={}", parts[0].name, parts[0].value)), NOW);
    assert_eq!(v.codes(), ["cookie.missing_chunk"]);
    insta::assert_snapshot!(summary(&diagnose(&c, &cookies(&stale), NOW)));
}

#[test]
fn fr09_database_session_id_in_a_jwt_reader() {
    for value in ["3f1c2a9e-7b4d-4c1e-9a2f-0d6b5e8c1a72", &"ab12".repeat(16)] {
        let v = diagnose(&config(Flavor::V5, &["k-secret"]), &cookies(&format!("authjs.session-token={value}")), NOW);
        assert_eq!(v.codes(), ["token.database_session"], "{value}");
        assert_eq!(v.library_error.as_ref().unwrap().display(), "JWEInvalid: Invalid Compact JWE");
    }
}

#[test]
fn fr10_credentials_with_adapter_before_any_token() {
    let mut c = config(Flavor::V5, &["k-secret"]);
    c.adapter = Some("prisma".into());
    c.providers.push(config::Provider::new(config::ProviderKind::Credentials, "credentials"));
    let v = diagnose(&c, &Input::default(), NOW);
    assert!(v.has("config.credentials_with_database"), "{:?}", v.codes());
    // And the JWT that Credentials sign-in writes anyway is then rejected by the database strategy.
    let token = mint(Flavor::V5, "k-secret", "authjs.session-token", json!({}));
    let v = diagnose(&c, &cookies(&format!("authjs.session-token={token}")), NOW);
    assert_eq!(v.outcome, Outcome::Rejected);
    assert!(v.has("session.jwt_with_database"), "{:?}", v.codes());
    c.session.strategy = Some(Strategy::Jwt);
    assert_eq!(diagnose(&c, &cookies(&format!("authjs.session-token={token}")), NOW).outcome, Outcome::Accepted);
}
