//! Every case of the fixture file, judged by the real libraries, through the library API.

use authlab::{Outcome, diagnose};
use serde_json::Value;

use crate::util::{case, cases, config_for, input_for, needs_verdict, now};

/// The finding that names the cause of each rejected case, written from the case's
/// description (what the library did and why), not from authlab's output.
pub const EXPECTED_CAUSE: &[(&str, &str)] = &[
    ("v4-wrong-secret", "secret.mismatch"),
    ("v4-expired", "token.expired"),
    ("v4-expired-at-clock-tolerance-boundary", "token.expired"),
    ("v4-tampered-ciphertext", "token.tampered"),
    ("v4-tampered-tag", "token.tampered"),
    ("v4-tampered-header", "token.tampered"),
    ("v4-tampered-header-enc-a128gcm", "token.tampered"),
    ("v4-tampered-header-not-json", "token.malformed"),
    ("v4-salted-cookie-decoded-as-session", "salt.mismatch"),
    ("v4-decode-missing-secret", "secret.missing"),
    ("v4-decode-empty-secret", "secret.missing"),
    ("v4-empty-token", "token.empty"),
    ("v4-getToken-secure-cookie-not-flagged", "cookie.name_mismatch"),
    ("v4-getToken-wrong-secret", "secret.mismatch"),
    ("v4-getToken-missing-secret", "secret.missing"),
    ("v4-plain-hs256-jws", "token.signed_not_encrypted"),
    ("v4-database-session-token", "token.database_session"),
    ("v3-legacy-jws-wrong-secret", "secret.mismatch"),
    ("v4-given-v3-jws", "flavor.mismatch"),
    ("v4-given-v3-encrypted", "flavor.mismatch"),
    ("v5-wrong-salt", "salt.mismatch"),
    ("v5-wrong-secret", "secret.mismatch"),
    ("v5-rotation-secret-removed", "secret.mismatch"),
    ("v5-expired", "token.expired"),
    ("v5-expired-at-clock-tolerance-boundary", "token.expired"),
    ("v5-tampered-ciphertext", "token.tampered"),
    ("v5-tampered-header-extra-member", "token.tampered"),
    ("v5-tampered-header-kid", "token.tampered"),
    ("v5-tampered-header-kid-removed", "token.tampered"),
    ("v5-legacy-nokid-rotation-first-secret-only", "secret.rotation_without_kid"),
    ("v5-given-v4-token", "flavor.mismatch"),
    ("v4-given-v5-token", "flavor.mismatch"),
    ("v5-plain-hs256-jws", "token.signed_not_encrypted"),
    ("v5-database-session-token", "token.database_session"),
    ("v5-getToken-secure-cookie-not-flagged", "cookie.name_mismatch"),
    ("v5-getToken-bearer-malformed-percent", "token.malformed"),
    ("v5-getToken-missing-secret", "secret.missing"),
    ("v5-chunked-cookie-missing-chunk", "cookie.missing_chunk"),
    ("v5-chunked-cookie-with-stale-unchunked", "cookie.stale_chunk"),
];

pub fn expected_cause(id: &str) -> Option<&'static str> {
    EXPECTED_CAUSE.iter().find(|(i, _)| *i == id).map(|(_, c)| *c)
}

fn library_accepted(case: &Value) -> bool {
    case["expected"]["outcome"] == "ok"
}

#[test]
fn every_case_matches_the_library_outcome_and_names_the_cause() {
    let mut failures = Vec::new();
    let mut judged = 0;
    for case in cases().iter().filter(|c| needs_verdict(c)) {
        judged += 1;
        let id = case["id"].as_str().unwrap_or_default();
        let verdict = diagnose(&config_for(case), &input_for(case), now(case));
        if library_accepted(case) {
            if verdict.outcome != Outcome::Accepted {
                failures.push(format!(
                    "{id}: library ok, authlab rejected with {:?} / {:?}",
                    verdict.codes(),
                    verdict.library_error
                ));
            } else if verdict.claims.as_ref().map(|c| Value::Object(c.clone()))
                != Some(case["expected"]["payload"].clone())
            {
                failures.push(format!("{id}: claims differ: {:?}", verdict.claims));
            }
        } else {
            let Some(cause) = expected_cause(id) else {
                failures.push(format!("{id}: rejected case missing from EXPECTED_CAUSE"));
                continue;
            };
            if verdict.outcome != Outcome::Rejected {
                failures.push(format!("{id}: library rejected, authlab accepted"));
            } else if !verdict.has(cause) {
                failures.push(format!("{id}: expected {cause}, got {:?}", verdict.codes()));
            }
        }
    }

    assert!(failures.is_empty(), "{} of {judged} cases wrong:\n{}", failures.len(), failures.join("\n"));
    assert_eq!(judged, 61, "64 cases less 2 `raw` and 1 `missing-salt`");
}

#[test]
fn library_error_names_match_the_fixture_for_direct_decode_calls() {
    let mut failures = Vec::new();
    for case in cases().iter().filter(|c| needs_verdict(c) && c["expected"]["outcome"] == "error") {
        if crate::util::is_get_token(case) {
            continue;
        }
        let id = case["id"].as_str().unwrap_or_default();
        let verdict = diagnose(&config_for(case), &input_for(case), now(case));
        let expected = &case["expected"]["error"];
        match &verdict.library_error {
            Some(e) if e.name == expected["name"] && e.message == expected["message"] => {}
            other => {
                failures.push(format!("{id}: expected {} {}, got {other:?}", expected["name"], expected["message"]));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn rejected_but_opened_tokens_still_show_their_claims() {
    for id in ["v4-expired", "v5-wrong-salt", "v4-given-v5-token", "v5-getToken-secure-cookie-not-flagged"] {
        let c = case(id);
        let verdict = diagnose(&config_for(c), &input_for(c), now(c));
        let claims = verdict.claims.unwrap_or_else(|| panic!("{id}: no claims"));
        assert_eq!(claims["email"], "ada@example.com", "{id}");
    }
}

#[test]
fn key_derivation_blocks_match() {
    use authlab::token::kdf;
    let mut checked = 0;
    for case in cases() {
        let Some(kd) = case.get("key_derivation") else { continue };
        let ikm = kd["ikm_utf8"].as_str().unwrap();
        let salt = kd["salt_utf8"].as_str().unwrap();
        let info = kd["info_utf8"].as_str().unwrap();
        let len = kd["length"].as_u64().unwrap() as usize;
        let key = kdf::hkdf_sha256(ikm.as_bytes(), salt.as_bytes(), info.as_bytes(), len);
        let hex = authlab::token::hex(&key);
        assert_eq!(hex, kd["key_hex"], "{}", case["id"]);
        if let Some(t) = kd.get("kid_thumbprint") {
            assert_eq!(kdf::oct_thumbprint(&key), t["value"].as_str().unwrap(), "{}", case["id"]);
        }
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} key_derivation blocks");
}

#[test]
fn clock_tolerance_boundary_is_exact() {
    let ok = case("v4-expired-within-clock-tolerance");
    let bad = case("v4-expired-at-clock-tolerance-boundary");
    let exp_ok = ok["expected"]["payload"]["exp"].as_i64().unwrap();
    assert_eq!(now(ok).0 - exp_ok, 14);
    assert_eq!(diagnose(&config_for(ok), &input_for(ok), now(ok)).outcome, Outcome::Accepted);
    assert_eq!(diagnose(&config_for(bad), &input_for(bad), now(bad)).outcome, Outcome::Rejected);
}
