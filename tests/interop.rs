//! Interop with the REAL libraries: `next-auth@4.24.15` and `@auth/core@0.41.3`, run by
//! `tests/interop/oracle.mjs` (one `node` process per test, one JSON batch per process).
//!
//! These tests FAIL — never skip — when `node` or `tests/interop/node_modules` is missing:
//! run `npm ci` in `tests/interop` (`.ci/run` does).
//!
//! Cases are a deterministic spread from a small seeded PRNG: unicode, empty and nested
//! claims, large sessions that chunk into 2–4 cookies, v5 rotation (secret arrays), secure
//! and plain cookie names, custom cookie names, v4 salted cookies, unicode secrets.

use std::io::Write as _;
use std::process::{Command, Stdio};

use authlab::config::{Config, CookieSecurity, SecretEntry};
use authlab::cookie::{self, Input};
use authlab::mint::session_outputs;
use authlab::token::Flavor;
use authlab::token::nextauth::{self, MintParams};
use authlab::{Outcome, UnixTime, diagnose};
use serde_json::{Map, Value, json};

// ---------------------------------------------------------------------------------------
// The oracle process.

/// Runs one batch through the real libraries. Panics with a clear message when Node or the
/// packages are missing: interop is part of `cargo test`, not optional.
fn oracle(requests: &[Value]) -> Vec<Value> {
    let dir = super::util::ensure_interop_packages();
    let input = serde_json::to_vec(requests).expect("requests serialize");
    let mut child = Command::new("node")
        .arg("oracle.mjs")
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "\n\nINTEROP TESTS CANNOT RUN: `node` could not be started ({e}).\n\
                 Install Node >= 20 (Debian/Ubuntu: apt-get install nodejs npm), then (cd tests/interop && npm ci).\n\
                 These tests are required; they are never skipped.\n"
            )
        });
    let mut stdin = child.stdin.take().expect("oracle stdin");
    // Write from another thread: a large batch must not dead-lock against the pipes.
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().expect("oracle runs");
    writer.join().expect("writer thread").expect("write oracle stdin");
    assert!(
        out.status.success(),
        "oracle.mjs failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr).chars().take(4000).collect::<String>()
    );
    let responses: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("oracle stdout is not one JSON array ({e}): {}", String::from_utf8_lossy(&out.stdout))
    });
    assert_eq!(responses.len(), requests.len(), "one response per request");
    responses
}

fn ok<'a>(response: &'a Value, what: &str) -> &'a Value {
    assert_eq!(response["ok"], true, "{what}: the library said {response}");
    response
}

// ---------------------------------------------------------------------------------------
// A small deterministic PRNG (splitmix64): no dependency, same cases on every run.

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        for b in &mut out {
            *b = self.next() as u8;
        }
        out
    }

    fn ascii(&mut self, len: usize) -> String {
        const SET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=";
        (0..len).map(|_| char::from(*self.pick(SET))).collect()
    }
}

const UNICODE: &[&str] = &[
    "Zoë Ωmega",
    "🦀 Ferris",
    "中文名字",
    "עברית ושלום",
    "مرحبا",
    "👩\u{200d}👩\u{200d}👧\u{200d}👦",
    "e\u{301}\u{301} combining",
    "quote \" backslash \\ slash /",
    "line\nbreak\ttab\r\u{0} nul",
    "\u{2028}\u{2029} separators",
    "\u{7f}\u{80}\u{ff}\u{fffd}\u{10ffff}",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟘𝟙𝟚",
];

// ---------------------------------------------------------------------------------------
// The spread of cases.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Empty,
    Unicode,
    Nested,
    Plain,
    /// Big enough that the cookie is set as this many chunks.
    Large(usize),
}

const SHAPES: [Shape; 7] =
    [Shape::Empty, Shape::Unicode, Shape::Nested, Shape::Plain, Shape::Large(2), Shape::Large(3), Shape::Large(4)];

#[derive(Clone, Debug)]
struct Case {
    id: String,
    flavor: Flavor,
    shape: Shape,
    /// The first encrypts; more than one means v5 rotation.
    secrets: Vec<String>,
    salt: String,
    cookie_name: String,
    secure: bool,
    claims: Map<String, Value>,
    now: i64,
    max_age: i64,
    iv: [u8; 16],
    jti: [u8; 16],
}

impl Case {
    /// When the library and authlab decode: inside the token's lifetime.
    fn decode_at(&self) -> i64 {
        self.now + (self.max_age / 2).min(30)
    }

    /// The secrets as the decoding side passes them: for rotation, the encrypting secret is
    /// NOT first, so only the `kid` can pick it.
    fn decode_secrets(&self) -> Vec<String> {
        let mut s = self.secrets.clone();
        s.rotate_left(1);
        s
    }

    fn secret_json(secrets: &[String]) -> Value {
        if secrets.len() == 1 { Value::from(secrets[0].clone()) } else { json!(secrets) }
    }

    fn mint(&self) -> String {
        mint_with(self, &self.claims)
    }

    /// What the token carries: the claims plus `iat`, `exp` and (authlab-minted) `jti`.
    fn stamped(&self, jti: &str) -> Map<String, Value> {
        let mut m = self.claims.clone();
        m.insert("iat".into(), self.now.into());
        m.insert("exp".into(), (self.now + self.max_age).into());
        m.insert("jti".into(), jti.into());
        m
    }
}

fn mint_with(case: &Case, claims: &Map<String, Value>) -> String {
    let params = MintParams {
        claims: claims.clone(),
        secret: &case.secrets[0],
        salt: &case.salt,
        max_age_secs: case.max_age,
        now: UnixTime(case.now),
        iv: if case.flavor == Flavor::V4 { &case.iv[..12] } else { &case.iv },
        jti: nextauth::uuid_v4(case.jti),
    };
    nextauth::encode(case.flavor, &params).expect("authlab mints")
}

fn secret(rng: &mut Rng) -> String {
    if rng.chance(4) {
        format!("sécret-🔑-{}-{}", rng.pick(UNICODE).replace(['\0', '\n', '\r', '\t'], "_"), rng.ascii(8))
    } else {
        let len = 12 + rng.below(33);
        rng.ascii(len)
    }
}

fn claims_for(shape: Shape, rng: &mut Rng) -> Map<String, Value> {
    let mut m = Map::new();
    match shape {
        Shape::Empty => {}
        Shape::Plain | Shape::Large(_) => {
            m.insert("name".into(), "Ada Example".into());
            m.insert("email".into(), format!("ada{}@example.com", rng.below(1000)).into());
            m.insert("picture".into(), Value::Null);
            m.insert("sub".into(), rng.below(1_000_000).to_string().into());
        }
        Shape::Unicode => {
            m.insert("name".into(), (*rng.pick(UNICODE)).into());
            m.insert((*rng.pick(UNICODE)).to_owned(), (*rng.pick(UNICODE)).into());
            m.insert("ключ ✓".into(), json!([rng.pick(UNICODE), rng.pick(UNICODE)]));
            m.insert("sub".into(), rng.pick(UNICODE).repeat(1 + rng.below(3)).into());
        }
        Shape::Nested => {
            let n = rng.below(1 << 40) as i64 - (1 << 39);
            m.insert(
                "user".into(),
                json!({
                    "id": n,
                    "roles": ["admin", "dev", {"scoped": ["a", "b"]}],
                    "meta": {"deep": {"deeper": [1, {"x": null, "y": true, "z": false}], "empty": {}, "none": []}},
                    "10": "numeric-looking keys are reordered by JS objects",
                    "2": "two",
                }),
            );
            m.insert("ratio".into(), json!(0.1 + rng.below(100) as f64 + 0.25));
            m.insert("negative".into(), json!(-(rng.below(1 << 52) as i64)));
            m.insert("max_safe".into(), json!(9_007_199_254_740_991_i64));
            m.insert("tiny".into(), json!(1.5e-300));
        }
    }
    m
}

/// Grows `accessToken` until the minted token needs exactly `chunks` cookies.
fn size_for_chunks(case: &mut Case, chunks: usize) {
    let size = cookie::chunk_size(case.flavor);
    let target = (chunks - 1) * size + size / 2;
    let mut filler = target * 3 / 4;
    for _ in 0..3 {
        let mut claims = case.claims.clone();
        claims.insert("accessToken".into(), "A".repeat(filler).into());
        let len = mint_with(case, &claims).len();
        if len.abs_diff(target) < 64 {
            case.claims = claims;
            return;
        }
        filler = (filler as i64 + (target as i64 - len as i64) * 3 / 4).max(0) as usize;
    }
    case.claims.insert("accessToken".into(), "A".repeat(filler).into());
}

/// `n` cases; every (version, shape) pair appears when `n` is a multiple of 14.
/// `get_token_compatible` keeps to what `getToken` can read: no v4 salt, default or (v5) custom names.
fn spread(seed: u64, n: usize, get_token_compatible: bool) -> Vec<Case> {
    let mut rng = Rng(seed);
    (0..n)
        .map(|i| {
            let flavor = if i % 2 == 0 { Flavor::V4 } else { Flavor::V5 };
            let shape = SHAPES[(i / 2) % SHAPES.len()];
            let secure = rng.chance(2);
            let rotation = flavor == Flavor::V5 && rng.chance(3);
            let secrets: Vec<String> =
                (0..if rotation { 2 + rng.below(2) } else { 1 }).map(|_| secret(&mut rng)).collect();
            let default_name = cookie::session_cookie_name(flavor, secure);
            let cookie_name = if flavor == Flavor::V5 && rng.chance(5) {
                format!("{}myapp.sid", if secure { "__Secure-" } else { "" })
            } else {
                default_name
            };
            let salt = match flavor {
                Flavor::V5 => cookie_name.clone(),
                _ if !get_token_compatible && rng.chance(3) => (*rng.pick(&[
                    "next-auth.state",
                    "__Secure-next-auth.pkce.code_verifier",
                    "next-auth.nonce",
                    "custom",
                ]))
                .to_owned(),
                _ => String::new(),
            };
            let mut case = Case {
                id: String::new(),
                flavor,
                shape,
                secrets,
                salt,
                cookie_name,
                secure,
                claims: claims_for(shape, &mut rng),
                now: 1_767_225_600 + rng.below(50_000_000) as i64,
                max_age: *rng.pick(&[60, 3_600, 86_400, 2_592_000, 31_536_000]),
                iv: rng.bytes(),
                jti: rng.bytes(),
            };
            if let Shape::Large(k) = shape {
                size_for_chunks(&mut case, k);
            }
            case.id = format!(
                "#{i} {} {:?}{}{}{} name={} salt={:?}",
                flavor,
                shape,
                if case.secrets.len() > 1 { format!(" rotation×{}", case.secrets.len()) } else { String::new() },
                if secure { " secure" } else { "" },
                if case.secrets.iter().any(|s| !s.is_ascii()) { " unicode-secret" } else { "" },
                case.cookie_name,
                case.salt,
            );
            case
        })
        .collect()
}

fn salt_json(case: &Case) -> Value {
    if case.flavor == Flavor::V4 && case.salt.is_empty() { Value::Null } else { case.salt.clone().into() }
}

fn config_for(case: &Case, secrets: &[String]) -> Config {
    let mut config = Config {
        version: case.flavor,
        secrets: secrets.iter().cloned().map(SecretEntry::literal).collect(),
        ..Config::default()
    };
    config.cookies.secure = if case.secure { CookieSecurity::Always } else { CookieSecurity::Never };
    config.cookies.session_token_name = Some(case.cookie_name.clone());
    config.jwt.salt = Some(case.salt.clone());
    config
}

fn report(failures: &[String], total: usize) {
    assert!(failures.is_empty(), "{} of {total} interop checks failed:\n{}", failures.len(), failures.join("\n"));
}

/// Per-shape coverage: every shape (and every chunk count) really occurred for both versions.
fn assert_coverage(cases: &[Case]) {
    for flavor in [Flavor::V4, Flavor::V5] {
        for shape in SHAPES {
            assert!(cases.iter().any(|c| c.flavor == flavor && c.shape == shape), "no {flavor} {shape:?} case");
        }
    }
    assert!(cases.iter().any(|c| c.secrets.len() > 1), "no rotation case");
    assert!(cases.iter().any(|c| c.secure) && cases.iter().any(|c| !c.secure), "secure and plain names");
}

// ---------------------------------------------------------------------------------------
// Tests.

#[test]
fn authlab_mints_and_the_library_decodes_the_same_claims() {
    let cases = spread(0x5EED_0001, 56, false);
    assert_coverage(&cases);
    assert!(cases.iter().any(|c| c.flavor == Flavor::V4 && !c.salt.is_empty()), "no v4 salted case");
    let tokens: Vec<String> = cases.iter().map(Case::mint).collect();
    let mut requests = Vec::new();
    for (case, token) in cases.iter().zip(&tokens) {
        requests.push(json!({
            "op": "decode", "version": case.flavor.as_str(), "token": token,
            "secret": Case::secret_json(&case.decode_secrets()), "salt": salt_json(case), "now": case.decode_at(),
        }));
        // The same token under a secret that did not make it: both sides must refuse alike.
        requests.push(json!({
            "op": "decode", "version": case.flavor.as_str(), "token": token,
            "secret": format!("{}-not-it", case.secrets[0]), "salt": salt_json(case), "now": case.decode_at(),
        }));
    }
    let responses = oracle(&requests);
    let mut failures = Vec::new();
    for (i, (case, token)) in cases.iter().zip(&tokens).enumerate() {
        let accepted = &responses[2 * i];
        let expected = Value::Object(case.stamped(&nextauth::uuid_v4(case.jti)));
        if accepted["ok"] != true || accepted["payload"] != expected {
            failures.push(format!("{}: library decode gave {accepted}\n   expected payload {expected}", case.id));
        }
        let refused = &responses[2 * i + 1];
        let wrong = format!("{}-not-it", case.secrets[0]);
        let ours =
            nextauth::library_decode(case.flavor, token, &[wrong.as_str()], &case.salt, UnixTime(case.decode_at()))
                .expect_err("a wrong secret must not open it");
        if refused["ok"] != false
            || refused["error"]["name"] != ours.name.as_str()
            || refused["error"]["message"] != ours.message.as_str()
        {
            failures.push(format!("{}: wrong secret: library {refused}, authlab {}", case.id, ours.display()));
        }
    }
    report(&failures, requests.len());
}

#[test]
fn the_library_mints_and_authlab_decodes_the_same_claims() {
    let cases = spread(0x5EED_0002, 56, false);
    assert_coverage(&cases);
    let requests: Vec<Value> = cases
        .iter()
        .map(|case| {
            json!({
                "op": "encode", "version": case.flavor.as_str(), "payload": case.claims,
                "secret": Case::secret_json(&case.secrets), "salt": salt_json(case),
                "maxAge": case.max_age, "now": case.now,
            })
        })
        .collect();
    let responses = oracle(&requests);
    let mut failures = Vec::new();
    for (case, response) in cases.iter().zip(&responses) {
        let token = ok(response, &case.id)["token"].as_str().expect("token");
        let decode_secrets = case.decode_secrets();
        let secrets: Vec<&str> = decode_secrets.iter().map(String::as_str).collect();
        let at = UnixTime(case.decode_at());
        let opened = match nextauth::library_decode(case.flavor, token, &secrets, &case.salt, at) {
            Ok(o) => o,
            Err(e) => {
                failures.push(format!("{}: authlab's decode refused the library's token: {}", case.id, e.display()));
                continue;
            }
        };
        let jti = opened.claims.get("jti").and_then(Value::as_str).unwrap_or_default().to_owned();
        if !is_uuid_v4(&jti) {
            failures.push(format!("{}: jti {jti:?} is not a UUID v4", case.id));
        }
        let expected = case.stamped(&jti);
        if opened.claims != expected {
            failures.push(format!("{}: claims {:?}\n   expected {:?}", case.id, opened.claims, expected));
        }
        if case.secrets.len() > 1 && opened.secret_index != secrets.len() - 1 {
            failures.push(format!(
                "{}: rotation picked secret #{} (kid should pick the last)",
                case.id, opened.secret_index
            ));
        }
        // The whole verdict (reader, cause search) accepts it too, with the same claims.
        let verdict = diagnose(&config_for(case, &decode_secrets), &Input::token(token), at);
        if verdict.outcome != Outcome::Accepted || verdict.claims.as_ref() != Some(&expected) {
            failures.push(format!("{}: diagnose said {:?} {:?}", case.id, verdict.outcome, verdict.codes()));
        }
        if verdict.token_flavor != Some(case.flavor) {
            failures.push(format!("{}: token_flavor {:?}", case.id, verdict.token_flavor));
        }
    }
    report(&failures, cases.len());
}

#[test]
fn library_chunked_cookies_are_reassembled_by_authlab() {
    // Two batches: the library encodes, then the library's own SessionStore chunks its tokens.
    let cases = spread(0x5EED_0003, 28, true);
    let encoded = oracle(
        &cases
            .iter()
            .map(|c| {
                json!({"op": "encode", "version": c.flavor.as_str(), "payload": c.claims,
                       "secret": Case::secret_json(&c.secrets), "salt": salt_json(c), "maxAge": c.max_age, "now": c.now})
            })
            .collect::<Vec<_>>(),
    );
    let tokens: Vec<String> =
        cases.iter().zip(&encoded).map(|(c, r)| ok(r, &c.id)["token"].as_str().unwrap().to_owned()).collect();
    let chunked = oracle(
        &cases
            .iter()
            .zip(&tokens)
            .map(|(c, t)| json!({"op": "chunk", "version": c.flavor.as_str(), "name": c.cookie_name, "value": t}))
            .collect::<Vec<_>>(),
    );
    let mut failures = Vec::new();
    for ((case, token), response) in cases.iter().zip(&tokens).zip(&chunked) {
        let mut cookies: Vec<cookie::Cookie> = ok(response, &case.id)["cookies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| cookie::Cookie {
                name: c["name"].as_str().unwrap().into(),
                value: c["value"].as_str().unwrap().into(),
            })
            .collect();
        let expected_chunks = if let Shape::Large(k) = case.shape { k } else { 1 };
        if cookies.len() != expected_chunks {
            failures.push(format!(
                "{}: the library set {} cookies, expected {expected_chunks}",
                case.id,
                cookies.len()
            ));
        }
        cookies.reverse(); // the browser may send them in any order
        let header = format!("Cookie: other=1; {}", cookie::cookie_header(&cookies));
        let verdict = diagnose(
            &config_for(case, &case.decode_secrets()),
            &Input::from_paste(&header),
            UnixTime(case.decode_at()),
        );
        if verdict.outcome != Outcome::Accepted {
            failures.push(format!(
                "{}: diagnose rejected the library's chunked cookie: {:?}",
                case.id,
                verdict.codes()
            ));
            continue;
        }
        let claims = verdict.claims.clone().unwrap_or_default();
        let jti = claims.get("jti").and_then(Value::as_str).unwrap_or_default();
        if claims != case.stamped(jti) {
            failures.push(format!("{}: claims differ: {claims:?}", case.id));
        }
        let joined: String = verdict.chunks.iter().map(|c| c.value.as_str()).collect();
        if verdict.chunks.len() != expected_chunks || joined != *token {
            failures.push(format!("{}: joined {} chunks into a different value", case.id, verdict.chunks.len()));
        }
    }
    report(&failures, cases.len());
}

/// A browser turning `Set-Cookie:` lines into the `Cookie` header it sends back.
fn browser_cookie_header(set_cookie_lines: &[String], shuffle: &mut Rng) -> String {
    let mut pairs: Vec<String> = set_cookie_lines
        .iter()
        .map(|l| l.trim_start_matches("Set-Cookie:").trim().split(';').next().unwrap().to_owned())
        .collect();
    for i in (1..pairs.len()).rev() {
        pairs.swap(i, shuffle.below(i + 1));
    }
    pairs.join("; ")
}

fn get_token_request(case: &Case, cookie_header: &str) -> Value {
    let mut r = json!({
        "op": "getToken", "version": case.flavor.as_str(), "cookie": cookie_header, "authorization": null,
        "secret": Case::secret_json(&case.decode_secrets()), "secureCookie": case.secure, "now": case.decode_at(),
    });
    if case.cookie_name != cookie::session_cookie_name(case.flavor, case.secure) {
        r["cookieName"] = case.cookie_name.clone().into();
    }
    r
}

#[test]
fn authlab_set_cookie_output_is_reassembled_and_accepted_by_get_token() {
    let cases = spread(0x5EED_0004, 56, true);
    assert_coverage(&cases);
    let mut shuffle = Rng(99);
    let mut requests = Vec::new();
    let mut seen_chunks = std::collections::BTreeSet::new();
    for case in &cases {
        let token = case.mint();
        let outputs = session_outputs(
            &token,
            &case.cookie_name,
            case.flavor,
            Some(UnixTime(case.now + 86_400)),
            "http://localhost:3000",
        );
        let expected_chunks = if let Shape::Large(k) = case.shape { k } else { 1 };
        assert_eq!(outputs.set_cookie.len(), expected_chunks, "{}", case.id);
        seen_chunks.insert(outputs.set_cookie.len());
        requests.push(get_token_request(case, &browser_cookie_header(&outputs.set_cookie, &mut shuffle)));
        // authlab's own Cookie request header output, as given to curl.
        requests.push(get_token_request(case, outputs.cookie_header.trim_start_matches("Cookie: ")));
    }
    assert_eq!(seen_chunks.into_iter().collect::<Vec<_>>(), [1, 2, 3, 4]);
    let responses = oracle(&requests);
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let expected = Value::Object(case.stamped(&nextauth::uuid_v4(case.jti)));
        for (form, r) in [("Set-Cookie", &responses[2 * i]), ("Cookie header", &responses[2 * i + 1])] {
            if r["ok"] != true || r["payload"] != expected {
                failures.push(format!("{} ({form}): getToken gave {r}", case.id));
            }
        }
    }
    report(&failures, requests.len());
}

#[test]
fn cli_mint_set_cookie_lines_are_accepted_by_get_token() {
    // The real binary, end to end: `authlab mint --format set-cookie` → browser → getToken.
    let cases = spread(0x5EED_0005, 14, true);
    let dir = std::env::temp_dir().join(format!("authlab-interop-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut shuffle = Rng(7);
    let mut requests = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let claims_file = dir.join(format!("claims-{i}.json"));
        std::fs::write(&claims_file, serde_json::to_vec(&case.claims).unwrap()).unwrap();
        let secret_file = dir.join(format!("secret-{i}"));
        std::fs::write(&secret_file, &case.secrets[0]).unwrap();
        let mut args = vec![
            "mint".to_owned(),
            "--format".into(),
            "set-cookie".into(),
            "--flavor".into(),
            case.flavor.as_str().into(),
            format!("--secret=@{}", secret_file.display()),
            format!("--claims=@{}", claims_file.display()),
            format!("--at={}", case.now),
            format!("--max-age={}", case.max_age),
        ];
        if case.cookie_name != cookie::session_cookie_name(case.flavor, case.secure) {
            args.push(format!("--cookie-name={}", case.cookie_name));
        } else if case.secure {
            args.push("--secure".into());
        }
        let out = super::util::authlab_cmd().args(&args).stdin(Stdio::null()).output().unwrap();
        assert!(out.status.success(), "{}: {}", case.id, String::from_utf8_lossy(&out.stderr));
        let lines: Vec<String> = String::from_utf8(out.stdout).unwrap().lines().map(str::to_owned).collect();
        let expected_chunks = if let Shape::Large(k) = case.shape { k } else { 1 };
        assert_eq!(lines.len(), expected_chunks, "{}: {lines:?}", case.id);
        assert!(lines.iter().all(|l| l.contains("; HttpOnly; SameSite=Lax")), "{}", case.id);
        assert_eq!(
            lines.iter().all(|l| l.ends_with("; Secure")),
            case.cookie_name.starts_with("__Secure-"),
            "{}",
            case.id
        );
        requests.push(get_token_request(case, &browser_cookie_header(&lines, &mut shuffle)));
    }
    let _ = std::fs::remove_dir_all(&dir);
    let responses = oracle(&requests);
    let mut failures = Vec::new();
    for (case, r) in cases.iter().zip(&responses) {
        let jti = r["payload"]["jti"].as_str().unwrap_or_default();
        if r["ok"] != true || !is_uuid_v4(jti) || r["payload"] != Value::Object(case.stamped(jti)) {
            failures.push(format!("{}: getToken gave {r}", case.id));
        }
    }
    report(&failures, cases.len());
}

#[test]
fn chunk_boundaries_equal_the_library_byte_for_byte() {
    let mut rng = Rng(0x5EED_0006);
    let mut requests = Vec::new();
    let mut inputs = Vec::new();
    for flavor in [Flavor::V4, Flavor::V5] {
        let s = cookie::chunk_size(flavor);
        let mut lengths =
            vec![1, s - 1, s, s + 1, 2 * s - 1, 2 * s, 2 * s + 1, 3 * s, 3 * s + 1, 4 * s - 1, 4 * s, 4 * s + 1];
        lengths.extend((0..12).map(|_| 1 + rng.below(5 * s)));
        for len in lengths {
            for secure in [false, true] {
                let name = cookie::session_cookie_name(flavor, secure);
                let value = rng.ascii(len);
                requests.push(json!({"op": "chunk", "version": flavor.as_str(), "name": name, "value": value}));
                inputs.push((flavor, name, value));
            }
        }
    }
    let responses = oracle(&requests);
    let mut failures = Vec::new();
    for ((flavor, name, value), r) in inputs.iter().zip(&responses) {
        let theirs: Vec<(String, String)> = ok(r, name)["cookies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["name"].as_str().unwrap().to_owned(), c["value"].as_str().unwrap().to_owned()))
            .collect();
        let ours: Vec<(String, String)> =
            cookie::chunk(name, value, *flavor).into_iter().map(|c| (c.name, c.value)).collect();
        if ours != theirs {
            let lens = |v: &[(String, String)]| v.iter().map(|(n, v)| format!("{n}:{}", v.len())).collect::<Vec<_>>();
            failures.push(format!(
                "{flavor} len {}: authlab {:?} library {:?}",
                value.len(),
                lens(&ours),
                lens(&theirs)
            ));
        }
    }
    report(&failures, requests.len());
}

fn is_uuid_v4(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 36
        && [8, 13, 18, 23].iter().all(|&i| b[i] == b'-')
        && b[14] == b'4'
        && matches!(b[19], b'8' | b'9' | b'a' | b'b')
        && text.chars().filter(|c| *c != '-').all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
}
