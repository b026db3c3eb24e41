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

// Strong made-up secrets (weak ones would add `secret.weak`, which FR-11 tests on its own).
const PROD_A: &str = "prodA-7Yq2n9Lx4Vb8Kc1Mz6Rt3Wp5Hs0Jd";
const PROD_B: &str = "prodB-3Fg8Hk2Ls9Qw4Er7Ty1Ui6Op5Az0X";
const K: &str = "k-secret-Nf4Vq8Zr2Lm6Xt9Bc3Hy7Jw1Pd5G";
const X: &str = "x-signing-9Ds2Kf7Lq4Vm8Wn1Zb6Xc3Rt5Yh";

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
    use std::fmt::Write as _;
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
    let token = mint(Flavor::V4, PROD_A, "", json!({}));
    let mut c = config(Flavor::V4, &[PROD_B]);
    c.url = Some("https://app.example.com".into());
    c.candidates.push(Candidate { label: "prod-A".into(), secret: SecretEntry::literal(PROD_A) });
    let v = diagnose(&c, &cookies(&format!("__Secure-next-auth.session-token={token}")), NOW);
    assert_eq!(v.outcome, Outcome::Rejected);
    assert_eq!(v.codes(), ["secret.mismatch", "secret.candidate_opens"]);
    assert_eq!(v.library_error.as_ref().unwrap().name, "JWEDecryptionFailed");
    assert_eq!(v.claims.as_ref().unwrap()["email"], "ada@example.com", "the candidate shows the claims");
    insta::assert_snapshot!(summary(&v));
    // The same kind of fault in v5: the candidate opens it, and the fix is to rotate.
    let v5 = mint(Flavor::V5, PROD_A, "authjs.session-token", json!({}));
    let mut c5 = config(Flavor::V5, &[PROD_B]);
    c5.candidates.push(Candidate { label: "prod-A".into(), secret: SecretEntry::literal(PROD_A) });
    let v = diagnose(&c5, &cookies(&format!("authjs.session-token={v5}")), NOW);
    assert_eq!(v.codes(), ["secret.mismatch", "secret.candidate_opens"]);
    assert_eq!(v.library_error.as_ref().unwrap().message, "no matching decryption secret");
    assert!(v.findings[1].fix.contains("list `prod-A`'s secret after the new one"), "{}", v.findings[1].fix);
    // Listing it after the new one (rotation) makes the app accept it.
    let mut rotated = config(Flavor::V5, &[PROD_B, PROD_A]);
    rotated.candidates.clear();
    let v = diagnose(&rotated, &cookies(&format!("authjs.session-token={v5}")), NOW);
    assert_eq!((v.outcome, v.codes()), (Outcome::Accepted, vec!["secret.rotated"]));
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
        let token = mint(flavor, K, &salt, json!({}));
        let big = mint(flavor, K, &salt, json!({"accessToken": "a".repeat(9000)}));
        let chunked = cookie::cookie_header(&cookie::chunk(&secure_name, &big, flavor));
        for header in [format!("{secure_name}={token}"), chunked] {
            // A reader that does not flag secure cookies (http URL, no secureCookie).
            let plain = config(flavor, &[K]);
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
    let token = mint(Flavor::V5, K, "__Secure-authjs.session-token", json!({}));
    let v = diagnose(&config(Flavor::V5, &[K]), &Input::token(token), NOW);
    assert_eq!(v.codes(), ["salt.mismatch"]);
}

#[test]
fn fr06_reader_passes_the_v4_cookie_name_as_salt() {
    let token = mint(Flavor::V5, K, "authjs.session-token", json!({}));
    let mut c = config(Flavor::V5, &[K]);
    c.jwt.salt = Some("next-auth.session-token".into());
    let v = diagnose(&c, &cookies(&format!("authjs.session-token={token}")), NOW);
    assert_eq!(v.codes(), ["salt.mismatch"]);
    assert_eq!(v.library_error.as_ref().unwrap().message, "no matching decryption secret");
    insta::assert_snapshot!(summary(&v));
}

#[test]
fn fr07_custom_hs256_encoder_is_signed_not_encrypted() {
    use authlab::token::jws::{self, JwsKey};
    let token =
        jws::sign(&claims(json!({"exp": NOW.0 + 3600})), "HS256", &JwsKey::Hmac(X.as_bytes().to_vec()), true).unwrap();
    let v = diagnose(&config(Flavor::V4, &[X]), &cookies(&format!("next-auth.session-token={token}")), NOW);
    assert_eq!(v.codes(), ["token.signed_not_encrypted"]);
    assert!(v.findings[0].why.contains("verifies with secret #1"), "{}", v.findings[0].why);
    assert_eq!(v.library_error.as_ref().unwrap().display(), "JWEInvalid: Invalid Compact JWE");
}

#[test]
fn fr08_large_sessions_chunks_out_of_order_stale_and_missing() {
    let big = mint(Flavor::V4, K, "", json!({"idToken": "i".repeat(4000)}));
    let parts = cookie::chunk("next-auth.session-token", &big, Flavor::V4);
    assert_eq!(parts.len(), 2);
    let c = config(Flavor::V4, &[K]);
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
        let v = diagnose(&config(Flavor::V5, &[K]), &cookies(&format!("authjs.session-token={value}")), NOW);
        assert_eq!(v.codes(), ["token.database_session"], "{value}");
        assert_eq!(v.library_error.as_ref().unwrap().display(), "JWEInvalid: Invalid Compact JWE");
    }
}

#[test]
fn fr10_credentials_with_adapter_before_any_token() {
    let mut c = config(Flavor::V5, &[K]);
    c.adapter = Some("prisma".into());
    c.providers.push(config::Provider::new(config::ProviderKind::Credentials, "credentials"));
    let v = diagnose(&c, &Input::default(), NOW);
    assert!(v.has("config.credentials_with_database"), "{:?}", v.codes());
    // And the JWT that Credentials sign-in writes anyway is then rejected by the database strategy.
    let token = mint(Flavor::V5, K, "authjs.session-token", json!({}));
    let v = diagnose(&c, &cookies(&format!("authjs.session-token={token}")), NOW);
    assert_eq!(v.outcome, Outcome::Rejected);
    assert!(v.has("session.jwt_with_database"), "{:?}", v.codes());
    c.session.strategy = Some(Strategy::Jwt);
    assert_eq!(diagnose(&c, &cookies(&format!("authjs.session-token={token}")), NOW).outcome, Outcome::Accepted);
}

// ---------------------------------------------------------------------------------------
// Readers: the same cookie judged by every place that reads it.

/// The reader matrix as a stable text block for snapshots.
fn matrix(v: &authlab::Verdict) -> String {
    let mut out = format!("outcome (the app): {:?}", v.outcome);
    for r in &v.readers {
        let _ = write!(
            out,
            "\n\n{} [{:?}] {:?}\n  cookie {} · salt {:?} · decoder {} · strategy {:?}\n  encrypts: {} · decrypts: {}\n  secure: {}",
            r.name,
            r.role,
            r.outcome,
            r.reader.cookie_name,
            r.reader.salt,
            r.decoder,
            r.strategy,
            r.reader.encrypting.as_deref().unwrap_or("none"),
            if r.reader.decrypting.is_empty() { "none".to_owned() } else { r.reader.decrypting.join(", ") },
            r.secure_reason,
        );
        if let Some(e) = &r.library_error {
            let _ = write!(out, "\n  library: {}", e.display());
        }
        for f in &r.findings {
            let _ = write!(out, "\n  [{:?}] {} — {}\n    why: {}", f.severity, f.code, f.title, f.why);
        }
    }
    out
}

fn row<'v>(v: &'v authlab::Verdict, name: &str) -> &'v authlab::diagnose::matrix::ReaderRow {
    v.readers.iter().find(|r| r.name == name).unwrap_or_else(|| panic!("no row {name}: {:?}", v.readers))
}

fn row_codes(v: &authlab::Verdict, name: &str) -> Vec<&'static str> {
    row(v, name).findings.iter().map(|f| f.code).collect()
}

fn parse_with_env(text: &str, env: &'static [(&'static str, &'static str)]) -> Config {
    let (config, problems) =
        config::parse(text, &|name: &str| env.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_owned()));
    assert!(problems.is_empty(), "{problems:#?}");
    config
}

const ALPHA: &str = "alpha-Hq7Rx2Mv9Kp4Ld8Zs3Wf6Nb1Tc5Yj";
const BETA: &str = "beta-Gm4Xs8Qn2Rk7Lv1Zd5Wh9Pf3Tc6Yb";

#[test]
fn fr03_middleware_reads_another_variable_than_the_route_handler() {
    let token = mint(Flavor::V4, ALPHA, "", json!({}));
    let text = "version = \"v4\"\nsecrets = [\"env:SECRET\"]\n[[readers]]\nname = \"middleware\"\nsecret = \"env:NEXTAUTH_SECRET\"\n";
    let request = cookies(&format!("next-auth.session-token={token}"));
    // NEXTAUTH_SECRET holds another value: the middleware cannot open the cookie.
    let different: &'static [(&str, &str)] = &[("SECRET", ALPHA), ("NEXTAUTH_SECRET", BETA)];
    let v = diagnose(&parse_with_env(text, different), &request, NOW);
    assert_eq!(v.outcome, Outcome::Accepted, "the route handler (the app) accepts");
    assert_eq!(row(&v, "middleware").outcome, Outcome::Rejected);
    assert_eq!(row_codes(&v, "middleware"), ["reader.secret_drift", "secret.mismatch"]);
    assert!(v.has("reader.secret_drift"), "the drift is also a top-level finding");
    assert_eq!(row(&v, "app").reader.encrypting.as_deref(), Some("#1 env SECRET"));
    assert_eq!(row(&v, "middleware").reader.decrypting, ["#1 env NEXTAUTH_SECRET"]);
    insta::assert_snapshot!("fr03_different_value", matrix(&v));
    // NEXTAUTH_SECRET unset: secret.missing for the middleware.
    let unset: &'static [(&str, &str)] = &[("SECRET", ALPHA)];
    let v = diagnose(&parse_with_env(text, unset), &request, NOW);
    assert_eq!(row(&v, "middleware").outcome, Outcome::Rejected);
    assert_eq!(row_codes(&v, "middleware"), ["reader.secret_drift", "secret.missing"], "{}", matrix(&v));
    assert!(row(&v, "middleware").findings[0].why.contains("env NEXTAUTH_SECRET unset"), "{}", matrix(&v));
    // The same value in both variables: accepted, but the drift is a warning.
    let same: &'static [(&str, &str)] = &[("SECRET", ALPHA), ("NEXTAUTH_SECRET", ALPHA)];
    let v = diagnose(&parse_with_env(text, same), &request, NOW);
    assert_eq!(row(&v, "middleware").outcome, Outcome::Accepted);
    let drift = &row(&v, "middleware").findings[0];
    assert_eq!((drift.code, drift.severity), ("reader.secret_drift", authlab::diagnose::Severity::Warning));
    assert!(drift.why.contains("the same value today"), "{}", drift.why);
}

#[test]
fn fr04_v5_helper_reads_nextauth_secret_while_v5_encrypts_with_auth_secret() {
    const S5: &str = "s5-Lx3Vq9Mr2Kd7Zp5Wt1Hb8Nf4Gc6Ys0Q";
    let token = mint(Flavor::V5, S5, "authjs.session-token", json!({}));
    let request = cookies(&format!("authjs.session-token={token}"));
    let text = "version = \"v5\"\nsecrets = [\"env:AUTH_SECRET\"]\n\
        [[readers]]\nname = \"helper\"\nsecret = \"env:NEXTAUTH_SECRET\"\n\
        [[readers]]\nname = \"auth()\"\napi = \"handler\"\nsecret_source = \"library\"\n\
        [[readers]]\nname = \"getToken without secret\"\nsecret_source = \"library\"\n";
    let env: &'static [(&str, &str)] = &[("AUTH_SECRET", S5)];
    let v = diagnose(&parse_with_env(text, env), &request, NOW);
    assert_eq!(v.outcome, Outcome::Accepted);
    assert_eq!(row_codes(&v, "helper"), ["reader.secret_drift", "secret.missing"]);
    assert!(row(&v, "helper").findings[1].why.contains("MissingSecret"));
    assert_eq!(row(&v, "helper").library_error.as_ref().unwrap().name, "MissingSecret", "getToken() throws first");
    // auth() resolves like next-auth v5 does: AUTH_SECRET encrypts.
    assert_eq!(row(&v, "auth()").outcome, Outcome::Accepted);
    assert_eq!(row(&v, "auth()").reader.encrypting.as_deref(), Some("#1 env AUTH_SECRET"));
    // v5 getToken() has no env defaults.
    assert_eq!(row(&v, "getToken without secret").outcome, Outcome::Rejected);
    assert!(row_codes(&v, "getToken without secret").contains(&"secret.missing"));
    insta::assert_snapshot!("fr04_helper_reads_nextauth_secret", matrix(&v));

    // Both variables set and different: a warning naming which one wins.
    let both: &'static [(&str, &str)] = &[("AUTH_SECRET", S5), ("NEXTAUTH_SECRET", BETA)];
    let v = diagnose(&parse_with_env(text, both), &request, NOW);
    assert!(row_codes(&v, "auth()").contains(&"secret.env_conflict"), "{:?}", row_codes(&v, "auth()"));
    assert!(
        v.findings
            .iter()
            .any(|f| f.code == "secret.env_conflict" && f.title.contains("`AUTH_SECRET` and `NEXTAUTH_SECRET`"))
    );
    // AUTH_SECRET_1..3 next to AUTH_SECRET: ignored by next-auth v5.
    let numbered: &'static [(&str, &str)] = &[("AUTH_SECRET", S5), ("AUTH_SECRET_1", ALPHA), ("AUTH_SECRET_2", BETA)];
    let v = diagnose(&parse_with_env(text, numbered), &request, NOW);
    assert!(row_codes(&v, "auth()").contains(&"secret.env_ignored"));
    // Only the numbered ones: the highest encrypts, all decrypt — a token made with _1 still opens.
    let rotated: &'static [(&str, &str)] = &[("AUTH_SECRET_1", S5), ("AUTH_SECRET_2", BETA)];
    let v = diagnose(&parse_with_env(text, rotated), &request, NOW);
    let auth = row(&v, "auth()");
    assert_eq!(auth.outcome, Outcome::Accepted);
    assert_eq!(auth.reader.encrypting.as_deref(), Some("#1 env AUTH_SECRET_2"));
    assert_eq!(auth.reader.decrypting, ["#1 env AUTH_SECRET_2", "#2 env AUTH_SECRET_1"]);
    assert!(row_codes(&v, "auth()").contains(&"secret.rotated"));
}

#[test]
fn fr05_every_way_a_reader_misses_the_secure_cookie_behind_tls() {
    // The app is served over https, so it writes the `__Secure-` cookie. Readers that decide
    // otherwise look for the plain name and get null.
    let cases: [(&str, &str, bool); 7] = [
        ("default", "", false), // v5 getToken: false; v4: http NEXTAUTH_URL
        ("flag-false", "secure = false", false),
        ("url-http", "secure = \"url\"\nurl = \"http://internal:3000\"", false), // the URL behind the proxy
        ("proto-http", "secure = \"x-forwarded-proto\"", false),                 // request says http
        ("flag-true", "secure = true", true),
        ("url-https", "secure = \"url\"", true), // the app's https URL
        ("proto-absent-default", "secure = \"x-forwarded-proto\"\nforwarded_proto = \"https\"", true),
    ];
    for flavor in [Flavor::V4, Flavor::V5] {
        let secure_name = cookie::session_cookie_name(flavor, true);
        let salt = if flavor == Flavor::V5 { secure_name.clone() } else { String::new() };
        let token = mint(flavor, K, &salt, json!({}));
        let mut text = format!("version = \"{flavor}\"\nurl = \"https://app.example.com\"\nsecrets = [\"{K}\"]\n");
        for (name, body, _) in &cases {
            let _ = write!(text, "[[readers]]\nname = \"{name}\"\n{body}\n");
        }
        // v4's default decision follows NEXTAUTH_URL: give the default reader an http one, as
        // middleware behind a TLS-terminating proxy often has.
        let config = {
            let mut c = parse_with_env(&text, &[]);
            if flavor == Flavor::V4 {
                c.readers[0].secure =
                    authlab::config::readers::SecureDecision::Url(Some("http://localhost:3000".into()));
            }
            c
        };
        let mut request = cookies(&format!("{secure_name}={token}"));
        request.headers.push(("X-Forwarded-Proto".into(), "http".into()));
        let v = diagnose(&config, &request, NOW);
        assert_eq!(v.outcome, Outcome::Accepted, "{flavor}: the app reads its own cookie");
        for (name, _, accepts) in &cases {
            let r = row(&v, name);
            if *name == "proto-absent-default" {
                continue; // the request carries X-Forwarded-Proto: http, checked below without it
            }
            let want = if *accepts { Outcome::Accepted } else { Outcome::Rejected };
            assert_eq!(r.outcome, want, "{flavor} {name}: {}", matrix(&v));
            if !accepts {
                assert_eq!(
                    row_codes(&v, name)[..2],
                    ["reader.cookie_name_drift", "cookie.name_mismatch"],
                    "{flavor} {name}"
                );
                assert!(r.findings[1].why.contains("opens with your secret"), "{flavor} {name}");
            }
        }
        // Without the header, "x-forwarded-proto" readers fall back to what the proxy sends.
        let v = diagnose(&config, &cookies(&format!("{secure_name}={token}")), NOW);
        assert_eq!(row(&v, "proto-absent-default").outcome, Outcome::Accepted, "{flavor}");
        assert_eq!(row(&v, "proto-http").outcome, Outcome::Accepted, "{flavor}: absent header is taken as https");
        if flavor == Flavor::V5 {
            insta::assert_snapshot!("fr05_v5_readers_behind_tls", matrix(&diagnose(&config, &request, NOW)));
        }
    }
}

#[test]
fn fr06_a_reader_passes_salt_by_hand() {
    let token = mint(Flavor::V5, K, "authjs.session-token", json!({}));
    let text = format!(
        "version = \"v5\"\nsecrets = [\"{K}\"]\n[[readers]]\nname = \"edge\"\nsalt = \"next-auth.session-token\"\n"
    );
    let v = diagnose(&parse_with_env(&text, &[]), &cookies(&format!("authjs.session-token={token}")), NOW);
    assert_eq!(v.outcome, Outcome::Accepted);
    assert_eq!(row_codes(&v, "edge"), ["reader.salt_drift", "salt.mismatch"]);
    assert_eq!(row(&v, "edge").library_error.as_ref().unwrap().message, "no matching decryption secret");
}

#[test]
fn fr07_custom_decoder_in_one_place_only() {
    use authlab::token::jws::{self, JwsKey};
    let token =
        jws::sign(&claims(json!({"exp": NOW.0 + 3600})), "HS256", &JwsKey::Hmac(X.as_bytes().to_vec()), true).unwrap();
    let text = format!(
        "version = \"v4\"\nsecrets = [\"{X}\"]\n[[readers]]\nname = \"api routes\"\napi = \"handler\"\ndecoder = \"jws:HS256\"\n[[readers]]\nname = \"middleware\"\n"
    );
    let v = diagnose(&parse_with_env(&text, &[]), &cookies(&format!("next-auth.session-token={token}")), NOW);
    assert_eq!(row(&v, "api routes").outcome, Outcome::Accepted);
    assert_eq!(row(&v, "middleware").outcome, Outcome::Rejected);
    assert_eq!(row_codes(&v, "middleware"), ["token.signed_not_encrypted"]);
    assert_eq!(row_codes(&v, "api routes"), ["reader.decoder_drift"]);
    assert_eq!(row(&v, "api routes").findings[0].severity, authlab::diagnose::Severity::Warning);
    insta::assert_snapshot!("fr07_custom_decoder_matrix", matrix(&v));
    // The same custom decoder given the library's JWE cannot read it.
    let jwe = mint(Flavor::V4, X, "", json!({}));
    let v = diagnose(&parse_with_env(&text, &[]), &cookies(&format!("next-auth.session-token={jwe}")), NOW);
    assert_eq!(row(&v, "api routes").outcome, Outcome::Rejected);
    assert!(row(&v, "api routes").findings[0].why.contains("cannot read the library's encrypted token"));
    // An expired signed token, and a wrong signing key.
    let old =
        jws::sign(&claims(json!({"exp": NOW.0 - 60})), "HS256", &JwsKey::Hmac(X.as_bytes().to_vec()), true).unwrap();
    let v = diagnose(&parse_with_env(&text, &[]), &cookies(&format!("next-auth.session-token={old}")), NOW);
    assert!(row_codes(&v, "api routes").contains(&"token.expired"));
    let forged = jws::sign(&claims(json!({})), "HS256", &JwsKey::Hmac(b"other".to_vec()), true).unwrap();
    let v = diagnose(&parse_with_env(&text, &[]), &cookies(&format!("next-auth.session-token={forged}")), NOW);
    assert!(row_codes(&v, "api routes").contains(&"jws.bad_signature"));
    assert_eq!(row(&v, "api routes").outcome, Outcome::Rejected);
}

#[test]
fn fr09_database_strategy_in_one_reader_jwt_in_the_other() {
    let text = format!(
        "version = \"v5\"\nsecrets = [\"{K}\"]\nadapter = \"prisma\"\n[session]\nstrategy = \"database\"\n[[readers]]\nname = \"middleware\"\nstrategy = \"jwt\"\n"
    );
    let v = diagnose(
        &parse_with_env(&text, &[]),
        &cookies("authjs.session-token=3f1c2a9e-7b4d-4c1e-9a2f-0d6b5e8c1a72"),
        NOW,
    );
    assert_eq!(row(&v, "middleware").outcome, Outcome::Rejected);
    // The app rejects the id too (authlab cannot look it up), so the drift is a warning.
    assert_eq!(row_codes(&v, "middleware"), ["token.database_session", "reader.strategy_drift"]);
    insta::assert_snapshot!("fr09_strategy_drift", matrix(&v));
    // And the other way round: the JWT written by Credentials, read by the database strategy.
    let token = mint(Flavor::V5, K, "authjs.session-token", json!({}));
    let v = diagnose(&parse_with_env(&text, &[]), &cookies(&format!("authjs.session-token={token}")), NOW);
    assert!(v.has("session.jwt_with_database"));
    assert_eq!(row(&v, "middleware").outcome, Outcome::Accepted);
}

// ---------------------------------------------------------------------------------------
// Time, size and security: kinds of fault beyond the reports.

#[test]
fn fr11_issued_in_the_future_is_a_warning_that_says_by_how_much() {
    let iv = [7u8; 16];
    let token = nextauth::encode(
        Flavor::V5,
        &MintParams {
            claims: claims(json!({})),
            secret: K,
            salt: "authjs.session-token",
            max_age_secs: 3600,
            now: NOW.plus_secs(2 * 3600 + 5 * 60),
            iv: &iv,
            jti: nextauth::uuid_v4([9; 16]),
        },
    )
    .unwrap();
    let v = diagnose(&config(Flavor::V5, &[K]), &Input::token(token.clone()), NOW);
    assert_eq!(v.outcome, Outcome::Accepted, "the library does not check iat");
    assert_eq!(v.codes(), ["token.issued_in_future"]);
    assert_eq!(v.findings[0].title, "Issued 2 h 5 min in the future");
    let t = v.timeline.as_ref().unwrap();
    assert_eq!(t.mark(authlab::diagnose::timeline::MarkKind::Iat).unwrap().offset_secs, 2 * 3600 + 300);
    // 15 s ahead is within the tolerance: no finding.
    let v = diagnose(&config(Flavor::V5, &[K]), &Input::token(token), NOW.plus_secs(2 * 3600 + 300 - 15));
    assert!(v.findings.is_empty(), "{:?}", v.codes());
}

#[test]
fn fr12_expired_and_not_yet_valid_say_by_how_much() {
    let token = mint(Flavor::V4, K, "", json!({}));
    // Issued 10 days ago for 30 days: expired 3 h 20 min after exp.
    let at = NOW.plus_secs(20 * 86_400 + 3 * 3600 + 20 * 60);
    let v = diagnose(&config(Flavor::V4, &[K]), &Input::token(token), at);
    assert_eq!(v.codes(), ["token.expired"]);
    assert_eq!(v.findings[0].title, "Expired 3 h 20 min ago");
    assert_eq!(v.timeline.as_ref().unwrap().phase, authlab::diagnose::timeline::Phase::Expired);
    // `nbf` 3 h 5 min ahead: rejected, and the title says by how much.
    let early = mint(Flavor::V4, K, "", json!({"nbf": NOW.0 + 3 * 3600 + 5 * 60}));
    let v = diagnose(&config(Flavor::V4, &[K]), &Input::token(early), NOW);
    assert_eq!((v.outcome, v.codes()), (Outcome::Rejected, vec!["token.not_yet_valid"]));
    assert_eq!(v.findings[0].title, "Not valid for another 3 h 5 min");
    assert_eq!(v.timeline.as_ref().unwrap().phase, authlab::diagnose::timeline::Phase::NotYetValid);
}

#[test]
fn fr13_weak_secrets_are_named_without_their_value() {
    let token = mint(Flavor::V5, "secret", "authjs.session-token", json!({}));
    let v = diagnose(&config(Flavor::V5, &["secret"]), &Input::token(token), NOW);
    assert_eq!(v.outcome, Outcome::Accepted, "weak, still accepted");
    assert_eq!(v.codes(), ["secret.weak"]);
    assert!(v.findings[0].title.contains("secret #1"));
    assert!(v.findings[0].why.contains("documentation"), "{}", v.findings[0].why);
    let short = diagnose(&config(Flavor::V5, &["short-one"]), &Input::default(), NOW);
    assert!(short.findings.iter().any(|f| f.code == "secret.weak" && f.why.contains("9 bytes")));
}

#[test]
fn fr14_large_session_cookies_pass_the_header_limits() {
    let big = mint(Flavor::V5, K, "authjs.session-token", json!({"idToken": "i".repeat(13_000)}));
    let parts = cookie::chunk("authjs.session-token", &big, Flavor::V5);
    assert_eq!(parts.len(), 5);
    let v = diagnose(&config(Flavor::V5, &[K]), &cookies(&cookie::cookie_header(&parts)), NOW);
    assert_eq!(v.outcome, Outcome::Accepted);
    assert_eq!(v.codes(), ["cookie.oversize"]);
    assert!(v.findings[0].title.contains("over 16 KB"), "{}", v.findings[0].title);
    let size = v.size.as_ref().unwrap();
    assert_eq!((size.chunk_count, size.value_chars), (5, big.len()));
    assert_eq!(size.claims[0].name, "idToken");
    assert!(size.claims[0].percent > 95.0);
    // One unchunked cookie over 4096 bytes (a hand-rolled session store).
    let v = diagnose(&config(Flavor::V5, &[K]), &cookies(&format!("authjs.session-token={big}")), NOW);
    assert!(v.findings.iter().any(|f| f.code == "cookie.oversize" && f.title.contains("4096-byte")));
}

#[test]
fn fr15_forged_tokens_are_never_accepted() {
    use authlab::token::b64;
    use authlab::token::jws::{self, JwsKey};
    let c = config(Flavor::V4, &[K]);
    let body = b64::encode(br#"{"sub":"admin","exp":1999999999}"#);
    for alg in ["none", "NONE", "nOnE"] {
        let header = b64::encode(format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#).as_bytes());
        let v = diagnose(&c, &cookies(&format!("next-auth.session-token={header}.{body}.")), NOW);
        assert_eq!(v.outcome, Outcome::Rejected);
        assert!(v.has("jws.alg_none"), "{alg}: {:?}", v.codes());
    }
    // Psychic signature: ES256 with r = s = 0.
    let header = b64::encode(br#"{"alg":"ES256"}"#);
    let zeros = b64::encode(&[0u8; 64]);
    let v = diagnose(&c, &cookies(&format!("next-auth.session-token={header}.{body}.{zeros}")), NOW);
    assert!(v.has("jws.ecdsa_zero_signature"), "{:?}", v.codes());
    // An unsupported algorithm.
    let header = b64::encode(br#"{"alg":"HS1"}"#);
    let v = diagnose(&c, &cookies(&format!("next-auth.session-token={header}.{body}.c2ln")), NOW);
    assert!(v.has("jws.unsupported_alg"), "{:?}", v.codes());
    // Key confusion: a reader verifies RS256 with the public key; the token is HS256 signed with it.
    let pem = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/keys/rsa.pub.pem")).unwrap();
    let forged =
        jws::sign(&claims(json!({"exp": NOW.0 + 60})), "HS256", &JwsKey::Hmac(pem.as_bytes().to_vec()), true).unwrap();
    let text = format!(
        "version = \"v4\"\nsecrets = [\"{K}\"]\n[[readers]]\nname = \"api\"\ndecoder = \"jws:RS256\"\nsecret = '''{pem}'''\n"
    );
    let v = diagnose(&parse_with_env(&text, &[]), &cookies(&format!("next-auth.session-token={forged}")), NOW);
    assert!(v.has("jws.key_confusion"), "{:?}", v.codes());
    assert_eq!(row(&v, "api").outcome, Outcome::Rejected);
    assert!(row_codes(&v, "api").contains(&"jws.key_confusion"));
    // JWE headers NextAuth never writes: zip on v5, crit.
    for extra in [r#","zip":"DEF""#, r#","crit":["exp"],"exp":1"#] {
        let header = b64::encode(format!(r#"{{"alg":"dir","enc":"A256CBC-HS512","kid":"x"{extra}}}"#).as_bytes());
        let v = diagnose(&config(Flavor::V5, &[K]), &Input::token(format!("{header}..aaaa.bbbb.cccc")), NOW);
        assert_eq!(v.outcome, Outcome::Rejected);
        assert!(v.has("jwe.unexpected_header"), "{extra}: {:?}", v.codes());
    }
}

/// The app with no `secrets` reads tokens the way the library resolves its secret from the
/// environment (here `[env]` / the process): it is judged, not silently rejected.
#[test]
fn app_without_configured_secrets_uses_the_library_env_defaults() {
    // v5: AUTH_SECRET alone.
    let token = mint(Flavor::V5, ALPHA, "authjs.session-token", json!({"sub": "7"}));
    let request = cookies(&format!("authjs.session-token={token}"));
    let v = diagnose(&parse_with_env("version = \"v5\"\n", &[("AUTH_SECRET", ALPHA)]), &request, NOW);
    assert_eq!(v.outcome, Outcome::Accepted, "{:?}", v.codes());
    assert_eq!(v.claims.as_ref().unwrap()["sub"], "7");
    assert_eq!(v.reader.encrypting.as_deref(), Some("#1 env AUTH_SECRET"));
    assert!(!v.has("secret.missing"));
    // v5 rotation through numbered variables: the highest number encrypts, the others still decrypt.
    let env: &'static [(&str, &str)] = &[("AUTH_SECRET_1", BETA), ("AUTH_SECRET_2", ALPHA)];
    let v = diagnose(&parse_with_env("version = \"v5\"\n", env), &request, NOW);
    assert_eq!(v.outcome, Outcome::Accepted, "{:?}", v.codes());
    assert_eq!(v.reader.encrypting.as_deref(), Some("#1 env AUTH_SECRET_2"));
    // Nothing set anywhere: secret.missing, rejected.
    let v = diagnose(&parse_with_env("version = \"v5\"\n", &[]), &request, NOW);
    assert_eq!(v.outcome, Outcome::Rejected);
    assert!(v.has("secret.missing"));
    // v4: the deprecated jwt.secret wins over `secrets` for the JWT key, as in next-auth's init.
    let token = mint(Flavor::V4, BETA, "", json!({}));
    let text = format!("version = \"v4\"\nsecrets = [\"{ALPHA}\"]\n[jwt]\nsecret = \"{BETA}\"\n");
    let (config, _) = config::parse(&text, &|_: &str| None);
    let v = diagnose(&config, &cookies(&format!("next-auth.session-token={token}")), NOW);
    assert_eq!(v.outcome, Outcome::Accepted, "{:?}", v.codes());
    assert!(v.has("config.jwt_secret_deprecated"));
}
