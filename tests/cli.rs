//! The real binary (`CARGO_BIN_EXE_authlab`), on the fixtures and on bad input.

use std::io::Write as _;
use std::process::{Output, Stdio};

use serde_json::Value;

use crate::fixtures_cases::expected_cause;
use crate::util::{cases, flavor, is_get_token, needs_verdict, secrets, secure_flag};

fn authlab(args: &[&str]) -> Output {
    super::util::authlab_cmd().args(args).stdin(Stdio::null()).output().expect("run authlab")
}

fn authlab_stdin(args: &[&str], stdin: &str) -> Output {
    let mut child = super::util::authlab_cmd()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn authlab");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
    child.wait_with_output().expect("wait")
}

/// The `decode` arguments that reproduce a fixture case's library call.
fn decode_args(case: &Value) -> Vec<String> {
    let mut args = vec!["decode".to_owned(), "--json".into(), "--flavor".into(), flavor(case).as_str().into()];
    args.push("--at".into());
    args.push(case["now"].as_i64().unwrap().to_string());
    for s in secrets(case) {
        args.push(format!("--secret={s}"));
    }
    if is_get_token(case) {
        if secure_flag(case) {
            args.push("--secure".into());
        }
        if let Some(h) = case["cookie_header"].as_str() {
            args.push(format!("--cookie-header={h}"));
        }
        if let Some(h) = case["authorization_header"].as_str() {
            args.push(format!("--authorization={h}"));
        }
    } else {
        if let Some(salt) = case["salt"].as_str() {
            args.push(format!("--salt={salt}"));
        }
        args.push("--".into());
        args.push(case["token"].as_str().unwrap_or_default().to_owned());
    }
    args
}

#[test]
fn decode_judges_every_fixture_like_the_library() {
    let mut failures = Vec::new();
    for case in cases().iter().filter(|c| needs_verdict(c)) {
        let id = case["id"].as_str().unwrap();
        let args = decode_args(case);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = authlab(&args);
        let Ok(json) = serde_json::from_slice::<Value>(&out.stdout) else {
            failures.push(format!("{id}: not JSON: {}", String::from_utf8_lossy(&out.stderr)));
            continue;
        };
        let ok = case["expected"]["outcome"] == "ok";
        let want_outcome = if ok { "accepted" } else { "rejected" };
        let want_code = i32::from(!ok);
        if json["outcome"] != want_outcome || out.status.code() != Some(want_code) {
            failures.push(format!("{id}: outcome {} exit {:?}", json["outcome"], out.status.code()));
            continue;
        }
        if ok {
            if json["claims"] != case["expected"]["payload"] {
                failures.push(format!("{id}: claims differ"));
            }
        } else {
            let cause = expected_cause(id).unwrap();
            let codes: Vec<&str> =
                json["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
            if !codes.contains(&cause) {
                failures.push(format!("{id}: expected {cause}, got {codes:?}"));
            }
        }
        for f in json["findings"].as_array().unwrap() {
            for key in ["code", "severity", "title", "why", "fix"] {
                if !f[key].is_string() {
                    failures.push(format!("{id}: finding without {key}"));
                }
            }
        }
        // No secret is ever printed.
        let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        for s in secrets(case).iter().filter(|s| s.len() >= 8) {
            if all.contains(s.as_str()) {
                failures.push(format!("{id}: a secret appears in the output"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn mint_then_decode_round_trips_for_v4_and_v5() {
    for flavor in ["v4", "v5"] {
        let out = authlab(&[
            "mint",
            "--flavor",
            flavor,
            "--secret",
            "round-trip-secret",
            "--claims",
            r#"{"sub":"42","role":"admin"}"#,
            "--at",
            "1767225600",
            "--max-age",
            "3600",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let token = String::from_utf8(out.stdout).unwrap();
        let token = token.trim();
        assert_eq!(token.split('.').count(), 5, "mint prints the token alone");
        let out = authlab(&[
            "decode",
            "--json",
            "--flavor",
            flavor,
            "--secret",
            "round-trip-secret",
            "--at",
            "1767225700",
            token,
        ]);
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["outcome"], "accepted", "{flavor}: {json}");
        assert_eq!(json["claims"]["role"], "admin");
        assert_eq!(json["claims"]["exp"], 1_767_225_600 + 3600);
        // An hour and 15 s later, it is expired.
        let out = authlab(&[
            "decode",
            "--json",
            "--flavor",
            flavor,
            "--secret",
            "round-trip-secret",
            "--at",
            "1767229215",
            token,
        ]);
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["findings"][0]["code"], "token.expired", "{flavor}");
        assert_eq!(out.status.code(), Some(1));
    }
}

#[test]
fn decode_reads_standard_input_and_cookie_headers() {
    let case = crate::util::case("v5-getToken-cookie");
    let header = case["cookie_header"].as_str().unwrap();
    let secret = format!("--secret={}", secrets(case)[0]);
    let at = case["now"].as_i64().unwrap().to_string();
    let out = authlab_stdin(&["decode", "-", "--json", &secret, "--at", &at], &format!("Cookie: {header}\n"));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["outcome"], "accepted", "{json}");
    assert_eq!(json["flavor"], "v5", "flavor guessed from the cookie name");
    assert_eq!(json["source"]["name"], "authjs.session-token");
}

#[test]
fn text_output_is_readable_and_names_the_library_error() {
    let case = crate::util::case("v5-wrong-salt");
    let secret = format!("--secret={}", secrets(case)[0]);
    let out = authlab(&["decode", "--flavor", "v5", &secret, "--at", "1767229200", case["token"].as_str().unwrap()]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("REJECTED"), "{text}");
    assert!(text.contains("library says: Error: no matching decryption secret"), "{text}");
    assert!(text.contains("salt.mismatch"), "{text}");
    assert!(text.contains("exp  2026-01-31 00:00:00 UTC (in 29 days)"), "{text}");
}

#[test]
fn bad_input_gives_clear_errors_and_exit_2() {
    let out = authlab(&["decode", "--json", "--secret", "x", "-c", "/nonexistent/authlab.toml", "abc"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /nonexistent/authlab.toml"));

    let out = authlab(&["decode", "--flavor", "v9", "abc"]);
    assert_eq!(out.status.code(), Some(2));

    let garbage = "\u{0}\u{1}not a token at all ✓".repeat(1000);
    let out = authlab_stdin(&["decode", "-", "--json", "--secret", "x"], &garbage);
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["findings"][0]["code"], "token.malformed");

    let out = authlab(&["mint", "--flavor", "v5"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no secret"));
}

#[test]
fn check_reports_every_problem_with_location() {
    let dir = std::env::temp_dir().join(format!("authlab-cli-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "version = \"v7\"\n[session]\nmax_age_secs = -5\nstrategy = \"database\"\n[[providers]]\nkind = \"credentials\"\n").unwrap();
    let out = authlab(&["check", "-c", bad.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let lines: Vec<i64> = json["problems"].as_array().unwrap().iter().map(|p| p["line"].as_i64().unwrap()).collect();
    assert_eq!(lines, [1, 3]);
    let codes: Vec<&str> = json["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"config.credentials_with_database"), "{codes:?}");
    assert!(codes.contains(&"secret.missing"), "{codes:?}");

    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/example.authlab.toml");
    let out = authlab(&["check", "-c", example]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn mint_formats_chunk_like_the_library_and_decode_back() {
    let claims = format!(r#"{{"sub":"7","idToken":"{}"}}"#, "t".repeat(5000));
    let base = ["mint", "--flavor", "v5", "--secret", "fmt-secret", "--secure", "--at", "1767225600", "--exp", "+1h"];
    let run = |format: &str| {
        let mut args: Vec<&str> = base.to_vec();
        args.extend(["--claims", &claims, "--format", format]);
        let out = authlab(&args);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let set_cookie = run("set-cookie");
    let lines: Vec<&str> = set_cookie.lines().collect();
    assert_eq!(lines.len(), 2, "a ~7 KB v5 token is two chunks");
    assert!(lines[0].starts_with("Set-Cookie: __Secure-authjs.session-token.0="));
    assert!(lines[0].ends_with("; HttpOnly; SameSite=Lax; Secure"));
    let first_value = lines[0].split_once('=').unwrap().1.split(';').next().unwrap();
    assert_eq!(first_value.len(), 3936, "v5 CHUNK_SIZE");

    let header = run("cookie-header");
    assert!(header.starts_with("Cookie: __Secure-authjs.session-token.0="));
    let out = authlab(&["decode", "--json", "--secure", "--secret", "fmt-secret", "--at", "1767225700", header.trim()]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["outcome"], "accepted", "{json}");
    assert_eq!(json["claims"]["exp"], 1_767_225_600 + 3600);
    assert_eq!(json["chunks"].as_array().unwrap().len(), 2);

    let curl = run("curl");
    assert!(curl.starts_with("curl -sS -H 'Cookie: __Secure-authjs.session-token.0="), "{curl}");
    assert!(curl.trim_end().ends_with("'http://localhost:3000/api/auth/session'"), "{curl}");
}

#[test]
fn decode_candidate_names_the_old_secret() {
    let out = authlab(&[
        "mint",
        "--flavor",
        "v4",
        "--secret",
        "old-secret-A-Zr8Qm2Kx6Vn4Lp9Tb3Wc7Hj1Fd",
        "--at",
        "1767225600",
    ]);
    let token = String::from_utf8(out.stdout).unwrap();
    let out = authlab(&[
        "decode",
        "--json",
        "--flavor",
        "v4",
        "--secret",
        "new-secret-B-Yt5Gs1Nq8Jk3Xv7Mb2Rf9Lw4Cp",
        "--candidate",
        "old-secret-A-Zr8Qm2Kx6Vn4Lp9Tb3Wc7Hj1Fd",
        "--at",
        "1767229200",
        token.trim(),
    ]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = json["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["secret.mismatch", "secret.candidate_opens"]);
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("old-secret-A-Zr8Qm2Kx6Vn4Lp9Tb3Wc7Hj1Fd"),
        "candidate secret printed"
    );
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("authlab-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const READER_SECRET: &str = "reader-secret-Qm7Vx2Lp9Kd4Zr8Wt1Hn6Bf3";

fn mint_cookie_header(extra: &[&str]) -> String {
    let mut args =
        vec!["mint", "--flavor", "v5", "--secret", READER_SECRET, "--at", "1767225600", "--format", "cookie-header"];
    args.extend_from_slice(extra);
    let out = authlab(&args);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

#[test]
fn decode_prints_the_reader_matrix_timeline_and_size_and_json_adds_them() {
    let dir = temp_dir("readers");
    let cfg = dir.join("app.toml");
    std::fs::write(
        &cfg,
        format!("version = \"v5\"\nurl = \"https://app.example.com\"\nsecrets = [\"{READER_SECRET}\"]\n[[readers]]\nname = \"middleware\"\n"),
    )
    .unwrap();
    let header = mint_cookie_header(&["--secure"]);
    let cfg = cfg.to_str().unwrap();
    let out = authlab(&["decode", "-c", cfg, "--at", "1767229200", &header]);
    assert_eq!(out.status.code(), Some(0), "the app accepts: {}", String::from_utf8_lossy(&out.stdout));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("ACCEPTED"), "{text}");
    assert!(text.contains("\nreaders\n"), "{text}");
    assert!(text.contains("app (writer)") && text.contains("middleware"), "{text}");
    assert!(text.contains("REJECTED  v5 · cookie authjs.session-token"), "{text}");
    assert!(text.contains("secure cookie: v5 `getToken()` defaults to `secureCookie: false`"), "{text}");
    assert!(text.contains("✗ reader.cookie_name_drift"), "{text}");
    assert!(text.contains("timeline (clock tolerance 15 s; now: valid)"), "{text}");
    assert!(text.contains("issued (iat)") && text.contains("expires (exp)"), "{text}");
    assert!(text.contains("size: token"), "{text}");
    assert!(!text.contains(READER_SECRET), "secret printed");

    let out = authlab(&["decode", "-c", cfg, "--at", "1767229200", "--json", &header]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys[..5], ["outcome", "flavor", "header", "claims", "findings"], "the contract comes first");
    for added in ["readers", "timeline", "size", "chunks", "reader"] {
        assert!(keys.contains(&added), "{added} missing: {keys:?}");
    }
    let readers = json["readers"].as_array().unwrap();
    assert_eq!(readers.len(), 2);
    assert_eq!((readers[0]["role"].as_str(), readers[0]["outcome"].as_str()), (Some("writer"), Some("accepted")));
    assert_eq!(readers[1]["name"], "middleware");
    assert_eq!(readers[1]["outcome"], "rejected");
    assert_eq!(readers[1]["findings"][0]["code"], "reader.cookie_name_drift");
    assert_eq!(json["timeline"]["tolerance_secs"], 15);
    assert_eq!(json["timeline"]["phase"], "valid");
    assert_eq!(json["size"]["chunk_count"], 1);
    assert_eq!(json["reader"]["encrypting"], "#1 literal in config");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn decode_reads_a_har_file_lists_session_requests_and_picks_one() {
    let dir = temp_dir("har");
    let good = mint_cookie_header(&[]);
    let good = good.trim_start_matches("Cookie: ");
    let entry = |url: &str, cookie: &str| {
        format!(
            r#"{{"startedDateTime": "2026-01-01T01:00:00.000Z", "request": {{"method": "GET", "url": "{url}", "headers": [{{"name": "cookie", "value": "{cookie}"}}]}}, "response": {{"status": 200, "content": {{"text": "{}"}}}}}}"#,
            "b".repeat(200_000)
        )
    };
    let har = format!(
        r#"{{"log": {{"version": "1.2", "entries": [{}, {}, {}]}}}}"#,
        entry("https://app/a", good),
        entry("https://app/logo.png", "theme=dark"),
        entry("https://app/b", "authjs.session-token=3f1c2a9e-7b4d-4c1e-9a2f-0d6b5e8c1a72"),
    );
    let path = dir.join("session.har");
    std::fs::write(&path, har).unwrap();
    let path = path.to_str().unwrap();
    let secret = format!("--secret={READER_SECRET}");
    // Default: the last request with a session cookie (the database id: rejected).
    let out = authlab(&["decode", &secret, "--at", "1767229200", "--har", path]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("HAR: 2 of 3 requests carried a session cookie"), "{text}");
    assert!(text.contains("→ #2   2026-01-01T01:00:00.000Z GET    https://app/b"), "{text}");
    assert!(text.contains("token.database_session"), "{text}");
    // Pick the first.
    let out = authlab(&["decode", &secret, "--at", "1767229200", "--json", "--har", path, "--har-entry", "1"]);
    assert_eq!(out.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["outcome"], "accepted");
    assert_eq!(json["har"]["picked"], 1);
    assert_eq!(json["har"]["entries"][0]["url"], "https://app/a");
    assert_eq!(json["har"]["entries"].as_array().unwrap().len(), 2);
    // Out of range, and not a HAR.
    let out = authlab(&["decode", &secret, "--har", path, "--har-entry", "9"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("lists requests 1 to 2"));
    let bad = dir.join("bad.har");
    std::fs::write(&bad, "{\"log\": [").unwrap();
    let out = authlab(&["decode", &secret, "--har", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a readable HAR file"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn decode_recognises_a_pasted_curl_command_and_raw_request() {
    let header = mint_cookie_header(&[]);
    let cookie = header.trim_start_matches("Cookie: ");
    let secret = format!("--secret={READER_SECRET}");
    let curl = format!(
        "curl 'https://app.example.com/api/auth/session' \\\n  -H 'accept: */*' \\\n  -b '{cookie}; theme=dark'\n"
    );
    let out = authlab_stdin(&["decode", "-", "--json", &secret, "--at", "1767229200"], &curl);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["outcome"], "accepted", "{json}");
    assert_eq!(json["source"]["name"], "authjs.session-token");
    let raw = format!("GET /api/auth/session HTTP/1.1\nHost: app.example.com\nCookie: {cookie}\n\n");
    let out = authlab_stdin(&["decode", "-", "--json", &secret, "--at", "1767229200"], &raw);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["outcome"], "accepted", "{json}");
    // --header feeds X-Forwarded-Proto to readers; a bad one is a usage error.
    let out = authlab(&["decode", &secret, "--header", "no colon", &header]);
    assert_eq!(out.status.code(), Some(2));
}
