//! authlab against the real library, same tokens, one process each:
//!
//! ```sh
//! (cd tests/interop && npm ci)      # once: the pinned next-auth@4.24.15 / @auth/core@0.41.3
//! cargo bench --bench compare       # release build; AUTHLAB_COMPARE_N=… changes the 10 000
//! ```
//!
//! For v4 and v5 it mints N distinct session tokens, has the library decode all of them in
//! one Node process (`tests/interop/oracle.mjs`, op `bench_decode`: `decode()` in a loop,
//! timed with `process.hrtime` around the loop only) and authlab decode the same tokens in
//! this process (`library_decode`, the same checks: key derivation per token, decryption,
//! claim checks). Each side runs the batch twice and reports the second, warm run.

use std::io::Write as _;
use std::process::{Command, Stdio};
use std::time::Instant;

use authlab::UnixTime;
use authlab::token::Flavor;
use authlab::token::nextauth::{self, MintParams};
use serde_json::{Map, Value, json};

const NOW: i64 = 1_767_225_600;
const SECRET: &str = "compare-secret-0123456789abcdef";

fn tokens(flavor: Flavor, salt: &str, n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let mut claims = Map::new();
            claims.insert("name".into(), "Ada Example".into());
            claims.insert("email".into(), format!("user{i}@example.com").into());
            claims.insert("sub".into(), i.to_string().into());
            let mut iv = [0u8; 16];
            iv[..8].copy_from_slice(&(i as u64).to_le_bytes());
            let mut jti = [7u8; 16];
            jti[..8].copy_from_slice(&(i as u64).to_be_bytes());
            let params = MintParams {
                claims,
                secret: SECRET,
                salt,
                max_age_secs: 2_592_000,
                now: UnixTime(NOW),
                iv: if flavor == Flavor::V4 { &iv[..12] } else { &iv },
                jti: nextauth::uuid_v4(jti),
            };
            nextauth::encode(flavor, &params).expect("mint")
        })
        .collect()
}

/// Seconds for the library to decode `tokens` (second of two runs in one Node process).
fn library_seconds(flavor: Flavor, salt: &str, tokens: &[String]) -> f64 {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop");
    assert!(
        dir.join("node_modules/next-auth").is_dir() && dir.join("node_modules/@auth/core").is_dir(),
        "the real libraries are not installed: run (cd tests/interop && npm ci) first"
    );
    let salt = if flavor == Flavor::V4 { Value::Null } else { Value::from(salt) };
    let request = json!({"op": "bench_decode", "version": flavor.as_str(), "tokens": tokens,
                         "secret": SECRET, "salt": salt, "now": NOW + 60});
    let input = serde_json::to_vec(&json!([request, request])).expect("json");
    let mut child = Command::new("node")
        .arg("oracle.mjs")
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("node must be installed (Node >= 20)");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().expect("node runs");
    writer.join().expect("writer").expect("write");
    assert!(out.status.success(), "oracle failed");
    let responses: Vec<Value> = serde_json::from_slice(&out.stdout).expect("oracle JSON");
    let warm = &responses[1];
    assert_eq!(warm["ok"], true, "{warm}");
    assert_eq!(warm["accepted"].as_u64(), Some(tokens.len() as u64), "the library must accept every token");
    warm["seconds"].as_f64().expect("seconds")
}

/// Seconds for authlab to decode `tokens` (second of two runs).
fn authlab_seconds(flavor: Flavor, salt: &str, tokens: &[String]) -> f64 {
    let mut seconds = 0.0;
    for _ in 0..2 {
        let start = Instant::now();
        let accepted = tokens
            .iter()
            .filter(|t| {
                nextauth::library_decode(flavor, std::hint::black_box(t), &[SECRET], salt, UnixTime(NOW + 60)).is_ok()
            })
            .count();
        seconds = start.elapsed().as_secs_f64();
        assert_eq!(accepted, tokens.len(), "authlab must accept every token");
    }
    seconds
}

fn main() {
    let n: usize = std::env::var("AUTHLAB_COMPARE_N").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    println!("decode {n} distinct session tokens, one process each, warm run (second of two)");
    for (flavor, salt, label) in
        [(Flavor::V4, "", "v4 next-auth@4.24.15 "), (Flavor::V5, "authjs.session-token", "v5 @auth/core@0.41.3")]
    {
        let tokens = tokens(flavor, salt, n);
        let library = library_seconds(flavor, salt, &tokens);
        let ours = authlab_seconds(flavor, salt, &tokens);
        let rate = |s: f64| n as f64 / s;
        println!(
            "{label}  library {:>9.0} tokens/s ({:>7.1} µs/token)   authlab {:>9.0} tokens/s ({:>6.1} µs/token)   authlab/library {:>5.1}×",
            rate(library),
            library * 1e6 / n as f64,
            rate(ours),
            ours * 1e6 / n as f64,
            library / ours
        );
    }
}
