//! The verdict: would the real library, configured like this, accept this input — and if
//! not, why, and how to fix it.
//!
//! [`diagnose`] first reproduces the library exactly (which cookie it reads, how it joins
//! chunks, which key it derives, which error it throws). That alone decides the outcome.
//! Only then does it look for the cause, the way an expert would: other salts and cookie
//! names, other library versions, the other configured secrets, and a forensic pass that
//! tells "wrong key" from "right key, altered token". Pure: `now` is a parameter.

pub mod explain;
pub mod matrix;
pub mod security;
pub mod size;
pub mod timeline;

use serde_json::{Map, Value};

use crate::config::{Config, Strategy, lint};
use crate::cookie::{self, Assembly, Bearer, Input};
use crate::secret::{Secret, SecretOrigin};
use crate::time::{LIBRARY_CLOCK_TOLERANCE_SECS, UnixTime};
use crate::token::Flavor;
use crate::token::claims::{self};
use crate::token::jws::{self, JwsKey};
use crate::token::nextauth::{self, Attempt, FailureKind, LibraryError, Scheme};
use crate::token::sniff::{self, HeaderGuess, Shape};
pub use explain::{Fact, Finding, SecretLabel, Severity, explain};

/// Accepted or rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The library returns the claims.
    Accepted,
    /// The library returns null or throws.
    Rejected,
}

/// Where the token was found.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TokenSource {
    /// Pasted on its own.
    Bare,
    /// From the session cookie (possibly chunked).
    Cookie {
        /// The cookie name read.
        name: String,
    },
    /// From `Authorization: Bearer`.
    Bearer,
}

/// How the reader is set up (safe to print: no secret values).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ReaderSummary {
    /// Library version.
    pub flavor: Flavor,
    /// Session cookie name.
    pub cookie_name: String,
    /// HKDF salt.
    pub salt: String,
    /// `__Secure-` cookies expected.
    pub secure: bool,
    /// Where each secret comes from, in order.
    pub secrets: Vec<String>,
    /// Where the secret that encrypts new tokens comes from (the first).
    pub encrypting: Option<String>,
    /// Where the secrets it decrypts with come from (v5: all, by `kid`; v4/v3: the first only).
    pub decrypting: Vec<String>,
}

/// The answer.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Verdict {
    /// Would the library accept it?
    pub outcome: Outcome,
    /// The reader's library version.
    pub flavor: Flavor,
    /// Decoded header, whenever any key opened the token (or its header is readable).
    pub header: Option<Map<String, Value>>,
    /// Decoded claims, whenever any key opened the token — also when rejected.
    pub claims: Option<Map<String, Value>>,
    /// Every finding, most severe first.
    pub findings: Vec<Finding>,
    /// What the library throws (or `null` for `getToken`'s silent null), verbatim.
    pub library_error: Option<LibraryError>,
    /// Where the token came from.
    pub source: Option<TokenSource>,
    /// The cookies the library joined, in order.
    pub chunks: Vec<cookie::ChunkRow>,
    /// The version that made the token, when known from its header or proven by a key.
    pub token_flavor: Option<Flavor>,
    /// Reader settings.
    pub reader: ReaderSummary,
    /// The writer (the app) and every `[[readers]]` entry, each judged on its own.
    pub readers: Vec<matrix::ReaderRow>,
    /// The token's life: `iat`, `exp`, tolerance, session ages, `now` (when claims are known).
    pub timeline: Option<timeline::Timeline>,
    /// Sizes: the value, chunks, each claim's share, the `Cookie` header.
    pub size: Option<size::SizeReport>,
}

impl Verdict {
    /// The finding codes, in order.
    #[must_use]
    pub fn codes(&self) -> Vec<&'static str> {
        self.findings.iter().map(|f| f.code).collect()
    }

    /// Whether a finding with this code is present.
    #[must_use]
    pub fn has(&self, code: &str) -> bool {
        self.findings.iter().any(|f| f.code == code)
    }
}

/// The reader's resolved settings.
struct Reader {
    flavor: Flavor,
    secrets: Vec<(Secret, SecretOrigin)>,
    candidates: Vec<(Secret, String)>,
    cookie_name: String,
    salt: String,
}

impl Reader {
    /// `app`: the app's own reader, which falls back on the library's environment defaults; a
    /// `[[readers]]` entry has its secrets resolved already (`readers::effective`).
    fn from_config(config: &Config, app: bool) -> Self {
        let secrets = if app {
            config.app_secrets()
        } else {
            config.secrets.iter().filter_map(|e| e.value.clone().map(|v| (v, e.origin()))).collect()
        };
        let candidates = config
            .candidates
            .iter()
            .filter_map(|c| c.secret.value.clone().filter(|v| !v.is_empty()).map(|v| (v, c.label.clone())))
            .collect();
        Self {
            flavor: config.version,
            secrets,
            candidates,
            cookie_name: config.session_cookie_name(),
            salt: config.salt(),
        }
    }

    fn secret_strs(&self) -> Vec<&str> {
        self.secrets.iter().map(|(s, _)| s.expose()).collect()
    }

    fn label(&self, index: usize) -> SecretLabel {
        SecretLabel { index, origin: self.secrets.get(index).map_or(SecretOrigin::Typed, |(_, o)| o.clone()) }
    }

    fn usable(&self) -> impl Iterator<Item = (usize, &str)> {
        self.secrets.iter().enumerate().filter(|(_, (s, _))| !s.is_empty()).map(|(i, (s, _))| (i, s.expose()))
    }

    fn configured_scheme(&self) -> Scheme {
        match self.flavor {
            Flavor::V3 => Scheme::V3Jws,
            Flavor::V4 => Scheme::V4 { salt: self.salt.clone() },
            Flavor::V5 => Scheme::V5 { salt: self.salt.clone() },
        }
    }
}

/// Builder for a verdict.
struct Draft {
    facts: Vec<Fact>,
    header: Option<Map<String, Value>>,
    claims: Option<Map<String, Value>>,
    token_flavor: Option<Flavor>,
    token: Option<String>,
}

impl Draft {
    fn add(&mut self, fact: Fact) {
        if !self.facts.contains(&fact) {
            self.facts.push(fact);
        }
    }
}

/// Judges `input` under `config` at `now`: the outcome is the app's (the writer's); every
/// `[[readers]]` entry is judged too, in [`Verdict::readers`].
#[must_use]
pub fn diagnose(config: &Config, input: &Input, now: UnixTime) -> Verdict {
    let mut verdict = diagnose_one(config, input, now, true);
    matrix::add_readers(config, input, now, &mut verdict);
    verdict
}

/// The token as `getToken` finds it for `cookie_name`: the session cookie (chunk-aware), then
/// `Authorization: Bearer`, then a bare paste.
pub(crate) fn find_token(cookie_name: &str, flavor: Flavor, input: &Input) -> Option<(String, TokenSource)> {
    if let Some(cookies) = &input.cookies {
        let a = cookie::assemble(cookies, cookie_name, flavor);
        if !a.value.is_empty() {
            return Some((a.value, TokenSource::Cookie { name: cookie_name.to_owned() }));
        }
    }
    if let Some(authorization) = &input.authorization
        && let Bearer::Token(t) = cookie::bearer(authorization)
        && !t.is_empty()
    {
        return Some((t, TokenSource::Bearer));
    }
    input.token.as_ref().map(|t| (t.trim().to_owned(), TokenSource::Bare))
}

/// One reader's verdict. `with_lint`: the config-level findings too (the app's), else only
/// `secret.missing` (a reader's).
fn diagnose_one(config: &Config, input: &Input, now: UnixTime, with_lint: bool) -> Verdict {
    let reader = Reader::from_config(config, with_lint);
    let mut facts = lint::lint(config);
    // The app's weak secrets come with the lint (`secret.weak`, tied to their field).
    if !with_lint {
        // A reader's secrets are resolved already: it has one or it has none (no env defaults here).
        facts.retain(|f| matches!(f, Fact::SecretMissing { .. }));
        if facts.is_empty() && reader.usable().next().is_none() {
            facts.push(Fact::SecretMissing {
                flavor: config.version,
                production: config.environment == crate::config::Environment::Production,
                unresolved: Vec::new(),
            });
        }
    }
    let ctx = (config, input, now);
    let mut draft = Draft { facts, header: None, claims: None, token_flavor: None, token: None };
    let mut source = None;
    let mut chunks = Vec::new();
    let mut library_error = None;
    let mut outcome = Outcome::Rejected;

    // 1. Find the token the way getToken does: the session cookie (chunk-aware), then Bearer.
    let mut token: Option<String> = None;
    let mut assembly = Assembly::default();
    if let Some(cookies) = &input.cookies {
        assembly = cookie::assemble(cookies, &reader.cookie_name, reader.flavor);
        chunks.clone_from(&assembly.chunks);
        if !assembly.value.is_empty() {
            token = Some(assembly.value.clone());
            source = Some(TokenSource::Cookie { name: reader.cookie_name.clone() });
        }
    }
    if token.is_none()
        && let Some(authorization) = &input.authorization
    {
        match cookie::bearer(authorization) {
            Bearer::Token(t) if !t.is_empty() => {
                token = Some(t);
                source = Some(TokenSource::Bearer);
            }
            Bearer::MalformedPercent(raw) => {
                draft.add(Fact::Malformed {
                    reason: format!("in `Authorization: Bearer {raw}` has a malformed %-escape; `getToken()` returns null for it (since next-auth 4.24.15 / @auth/core 0.41.3)"),
                    library_error: Some("URIError: URI malformed (caught: getToken returns null)".into()),
                });
                return finish(ctx, draft, reader, Outcome::Rejected, None, Some(TokenSource::Bearer), chunks);
            }
            _ => {}
        }
    }
    if token.is_none()
        && let Some(bare) = &input.token
    {
        token = Some(bare.trim().to_owned());
        source = Some(TokenSource::Bare);
    }

    let Some(token) = token else {
        // No token where the reader looks: is it under another name?
        let cookies = input.cookies.clone().unwrap_or_default();
        let mut names: Vec<String> = cookie::all_session_cookie_names().into_iter().collect();
        for c in &cookies {
            if c.name.contains("session-token") && !names.iter().any(|n| c.name.starts_with(n.as_str())) {
                names.push(c.name.clone());
            }
        }
        let elsewhere = names
            .into_iter()
            .filter(|n| *n != reader.cookie_name && !n.starts_with(&reader.cookie_name))
            .find_map(|name| {
                let a = cookie::assemble(&cookies, &name, reader.flavor);
                (!a.value.is_empty()).then_some((name, a))
            });
        if let Some((found, a)) = elsewhere {
            let opens = explain_found_elsewhere(&reader, &found, &a.value, now, &mut draft);
            draft.add(Fact::CookieNameMismatch {
                expected: reader.cookie_name.clone(),
                found,
                opens_under_found_name: opens,
                flavor: reader.flavor,
            });
            chunks = a.chunks;
        } else if input.cookies.is_some() || input.authorization.is_some() {
            draft.add(Fact::CookieNotFound {
                expected: reader.cookie_name.clone(),
                present: cookies.iter().map(|c| c.name.clone()).collect(),
                bearer_checked: input.authorization.is_some(),
            });
        } else {
            draft.add(Fact::Empty);
        }
        return finish(ctx, draft, reader, Outcome::Rejected, None, source, chunks);
    };

    draft.token = Some(token.clone());
    security_facts(config, &token, &mut draft);
    if token.is_empty() {
        draft.add(Fact::Empty);
        return finish(ctx, draft, reader, Outcome::Rejected, None, source, chunks);
    }

    // 2. The library's own decode decides the outcome.
    let has_secret = reader.usable().next().is_some();
    let result = nextauth::library_decode(reader.flavor, &token, &reader.secret_strs(), &reader.salt, now);
    match result {
        Ok(opened) => {
            outcome = Outcome::Accepted;
            if opened.secret_index > 0 {
                draft.add(Fact::SecretRotated { secret: reader.label(opened.secret_index) });
            }
            draft.token_flavor = Some(reader.flavor);
            draft.header = Some(opened.header);
            draft.claims = Some(opened.claims);
            if config.effective_strategy() == Strategy::Database {
                draft.add(Fact::JwtWithDatabaseStrategy);
                outcome = Outcome::Rejected;
            }
        }
        Err(error) => {
            explain_failure(&reader, &token, &error, &assembly, has_secret, now, &mut draft);
            library_error = Some(error);
        }
    }
    finish(ctx, draft, reader, outcome, library_error, source, chunks)
}

/// Security findings on the token's shape (none is ever accepted).
fn security_facts(config: &Config, token: &str, draft: &mut Draft) {
    match sniff::sniff(token) {
        Shape::Jws { header, .. } => {
            let mut keys: Vec<(String, String)> = Vec::new();
            for (i, e) in config.secrets.iter().enumerate() {
                if let Some(v) = &e.value {
                    keys.push((format!("secret #{} ({})", i + 1, e.origin()), v.expose().to_owned()));
                }
            }
            for c in &config.candidates {
                if let Some(v) = &c.secret.value {
                    keys.push((format!("candidate `{}`", c.label), v.expose().to_owned()));
                }
            }
            for r in &config.readers {
                if let crate::config::readers::ReaderSecret::Given(entries) = &r.secret {
                    for e in entries {
                        if let Some(v) = &e.value {
                            keys.push((format!("reader `{}`'s key ({})", r.name, e.origin()), v.expose().to_owned()));
                        }
                    }
                }
            }
            for fact in security::jws_facts(token, &header, &keys) {
                draft.add(fact);
            }
        }
        Shape::Jwe { header } => {
            for fact in security::jwe_header_facts(&header) {
                draft.add(fact);
            }
        }
        _ => {}
    }
}

fn finish(
    ctx: (&Config, &Input, UnixTime),
    mut draft: Draft,
    reader: Reader,
    outcome: Outcome,
    library_error: Option<LibraryError>,
    source: Option<TokenSource>,
    chunks: Vec<cookie::ChunkRow>,
) -> Verdict {
    let (config, input, now) = ctx;
    let timeline =
        draft.claims.as_ref().map(|c| timeline::timeline(c, config, draft.token_flavor.unwrap_or(reader.flavor), now));
    if let Some(iat) = draft.claims.as_ref().and_then(|c| claims::time_claim(c, "iat"))
        && iat.0 > now.0.saturating_add(LIBRARY_CLOCK_TOLERANCE_SECS)
    {
        draft.add(Fact::IssuedInFuture { iat, now });
    }
    let analysed = draft
        .token
        .as_deref()
        .map(|token| size::analyse(token, &chunks, input.cookies.as_deref(), draft.claims.as_ref()));
    let size = analysed.map(|(report, facts)| {
        for fact in facts {
            draft.add(fact);
        }
        report
    });
    let encrypting = reader.secrets.first().map(|(_, o)| format!("#1 {o}"));
    let decrypting: Vec<String> = match reader.flavor {
        Flavor::V5 => reader.secrets.iter().enumerate().map(|(i, (_, o))| format!("#{} {o}", i + 1)).collect(),
        Flavor::V3 | Flavor::V4 => encrypting.iter().cloned().collect(),
    };
    let mut findings: Vec<Finding> = draft.facts.drain(..).map(|f| explain(&f)).collect();
    findings.sort_by_key(|f| f.severity);
    Verdict {
        outcome,
        flavor: reader.flavor,
        header: draft.header,
        claims: draft.claims,
        findings,
        library_error,
        source,
        chunks,
        token_flavor: draft.token_flavor,
        reader: ReaderSummary {
            flavor: reader.flavor,
            secure: reader.cookie_name.starts_with(cookie::SECURE_PREFIX),
            cookie_name: reader.cookie_name,
            salt: reader.salt,
            secrets: reader.secrets.iter().enumerate().map(|(i, (_, o))| format!("#{} {o}", i + 1)).collect(),
            encrypting,
            decrypting,
        },
        readers: Vec::new(),
        timeline,
        size,
    }
}

/// Schemes to try, the configured one first, then the same version with other salts,
/// then the other versions.
fn schemes_to_try(reader: &Reader, extra_salts: &[String]) -> Vec<Scheme> {
    let mut salts = vec![reader.salt.clone(), reader.cookie_name.clone()];
    salts.extend(extra_salts.iter().cloned());
    salts.extend(cookie::known_salts());
    let mut out = vec![reader.configured_scheme()];
    let mut push = |s: Scheme| {
        if !out.contains(&s) {
            out.push(s);
        }
    };
    let order: [Flavor; 3] = match reader.flavor {
        Flavor::V3 => [Flavor::V3, Flavor::V4, Flavor::V5],
        Flavor::V4 => [Flavor::V4, Flavor::V5, Flavor::V3],
        Flavor::V5 => [Flavor::V5, Flavor::V4, Flavor::V3],
    };
    for flavor in order {
        match flavor {
            Flavor::V3 => {
                push(Scheme::V3Jws);
                push(Scheme::V3Encrypted);
            }
            Flavor::V4 => salts.iter().for_each(|s| push(Scheme::V4 { salt: s.clone() })),
            Flavor::V5 => salts.iter().filter(|s| !s.is_empty()).for_each(|s| push(Scheme::V5 { salt: s.clone() })),
        }
    }
    out
}

/// A scheme and secret index that opened a token, with the header and claims.
type OpenedBy = (Scheme, usize, Map<String, Value>, Map<String, Value>);

/// The first scheme/secret that opens the token, and the first that proves alteration.
struct Search {
    opened: Option<OpenedBy>,
    altered: Option<(Scheme, usize, bool)>,
}

fn search(reader: &Reader, token: &str, extra_salts: &[String]) -> Search {
    let secrets: Vec<(usize, &str)> = reader.usable().collect();
    search_with(reader, token, extra_salts, &secrets)
}

fn search_with(reader: &Reader, token: &str, extra_salts: &[String], secrets: &[(usize, &str)]) -> Search {
    let mut found = Search { opened: None, altered: None };
    for scheme in schemes_to_try(reader, extra_salts) {
        for &(index, secret) in secrets {
            match nextauth::try_scheme(&scheme, token, secret) {
                Attempt::Opened { header, claims } => {
                    found.opened = Some((scheme, index, header, claims));
                    return found;
                }
                Attempt::Altered { kid_altered, .. } if found.altered.is_none() => {
                    found.altered = Some((scheme.clone(), index, kid_altered));
                }
                _ => {}
            }
        }
    }
    found
}

fn time_facts(claims: &Map<String, Value>, now: UnixTime, tolerance: i64, draft: &mut Draft) {
    match claims::check_times(claims, now, tolerance) {
        Err(claims::ClaimsError::Expired { exp }) => {
            draft.add(Fact::Expired { exp: UnixTime(exp), now, tolerance_secs: tolerance });
        }
        Err(claims::ClaimsError::NotYetValid { nbf }) => draft.add(Fact::NotYetValid { nbf: UnixTime(nbf), now }),
        _ => {}
    }
}

/// A cookie under another name: does it open when read under that name?
fn explain_found_elsewhere(reader: &Reader, found: &str, token: &str, now: UnixTime, draft: &mut Draft) -> bool {
    let base = found.trim_start_matches(cookie::SECURE_PREFIX);
    let (flavor, scheme) = if base.starts_with("authjs.") {
        (Flavor::V5, Scheme::V5 { salt: found.to_owned() })
    } else if base.starts_with("next-auth.") {
        let flavor = if reader.flavor == Flavor::V3 { Flavor::V3 } else { Flavor::V4 };
        let scheme = if flavor == Flavor::V3 { Scheme::V3Jws } else { Scheme::V4 { salt: String::new() } };
        (flavor, scheme)
    } else {
        let scheme = match reader.flavor {
            Flavor::V5 => Scheme::V5 { salt: found.to_owned() },
            Flavor::V4 => Scheme::V4 { salt: reader.salt.clone() },
            Flavor::V3 => Scheme::V3Jws,
        };
        (reader.flavor, scheme)
    };
    for (_, secret) in reader.usable() {
        if let Attempt::Opened { header, claims } = nextauth::try_scheme(&scheme, token, secret) {
            time_facts(&claims, now, LIBRARY_CLOCK_TOLERANCE_SECS, draft);
            draft.header = Some(header);
            draft.claims = Some(claims);
            draft.token_flavor = Some(flavor);
            if flavor != reader.flavor {
                draft.add(Fact::FlavorMismatch {
                    configured: reader.flavor,
                    actual: flavor,
                    detail: format!("cookie `{found}`"),
                    library_error: "null (getToken finds no cookie)".into(),
                });
            }
            return true;
        }
    }
    if let Shape::Jwe { header } | Shape::Jws { header, .. } = sniff::sniff(token) {
        draft.header = Some(header);
    }
    false
}

fn explain_failure(
    reader: &Reader,
    token: &str,
    error: &LibraryError,
    assembly: &Assembly,
    has_secret: bool,
    now: UnixTime,
    draft: &mut Draft,
) {
    let shape = sniff::sniff(token);
    if !has_secret {
        // The lint already says secret.missing; still show what can be read without a key.
        match &shape {
            Shape::Jwe { header } => {
                draft.token_flavor = flavor_from_guess(sniff::guess_from_header(header, true));
                draft.header = Some(header.clone());
                if reader.flavor != Flavor::V5 {
                    // next-auth v4 in development falls back to a throw-away secret derived from
                    // the options: a cookie from another app or an earlier run cannot open with it.
                    draft.add(Fact::SecretMismatch {
                        flavor: reader.flavor,
                        library_error:
                            "JWEDecryptionFailed: decryption operation failed (with the throw-away development secret)"
                                .into(),
                        has_kid: false,
                        secrets_tried: 0,
                    });
                }
                candidate_facts(reader, token, now, draft);
            }
            Shape::Jws { header, .. } => draft.header = Some(header.clone()),
            Shape::Opaque(kind) if *kind != sniff::OpaqueKind::Other => {
                draft.add(Fact::DatabaseSession { kind: *kind, flavor: reader.flavor });
            }
            Shape::Malformed(reason) => {
                draft.add(Fact::Malformed { reason: reason.clone(), library_error: Some(error.display()) });
            }
            _ => {}
        }
        return;
    }

    // Chunk problems explain everything downstream of them.
    if assembly.is_chunked() && chunk_facts(reader, assembly, now, draft) {
        return;
    }

    match &shape {
        Shape::Empty => draft.add(Fact::Empty),
        Shape::Malformed(reason) => {
            draft.add(Fact::Malformed { reason: reason.clone(), library_error: Some(error.display()) });
        }
        Shape::Opaque(kind) => {
            if *kind == sniff::OpaqueKind::Other {
                draft.add(Fact::Malformed {
                    reason: "is a single segment but neither a UUID nor a hex session id".into(),
                    library_error: Some(error.display()),
                });
            } else {
                draft.add(Fact::DatabaseSession { kind: *kind, flavor: reader.flavor });
            }
        }
        Shape::Jws { header, unverified_claims } => {
            explain_jws(reader, token, header, unverified_claims.as_ref(), error, now, draft);
        }
        Shape::Jwe { header } => explain_jwe(reader, token, header, error, now, draft),
    }
}

fn flavor_from_guess(guess: HeaderGuess) -> Option<Flavor> {
    match guess {
        HeaderGuess::V3Jws | HeaderGuess::V3Encrypted => Some(Flavor::V3),
        HeaderGuess::V4OrEarlyV5 => Some(Flavor::V4),
        HeaderGuess::V5 | HeaderGuess::V5NoKid => Some(Flavor::V5),
        HeaderGuess::OtherJws | HeaderGuess::OtherJwe => None,
    }
}

fn explain_jws(
    reader: &Reader,
    token: &str,
    header: &Map<String, Value>,
    unverified: Option<&Map<String, Value>>,
    error: &LibraryError,
    now: UnixTime,
    draft: &mut Draft,
) {
    draft.header = Some(header.clone());
    let alg = header.get("alg").and_then(Value::as_str).unwrap_or_default().to_owned();
    if alg.eq_ignore_ascii_case("none") {
        draft.add(Fact::JwsAlgNone);
        return;
    }
    // A v3 token?
    let search = search(reader, token, &[]);
    if let Some((scheme, index, header, claims)) = search.opened {
        time_facts(&claims, now, if scheme.flavor() == Flavor::V3 { 0 } else { LIBRARY_CLOCK_TOLERANCE_SECS }, draft);
        draft.header = Some(header);
        draft.claims = Some(claims);
        draft.token_flavor = Some(scheme.flavor());
        if scheme.flavor() == reader.flavor {
            // Opened with the configured scheme: the failure was time-based.
            let _ = index;
        } else {
            draft.add(Fact::FlavorMismatch {
                configured: reader.flavor,
                actual: scheme.flavor(),
                detail: "HS512 JWS signed with the HKDF \"NextAuth.js Generated Signing Key\"".into(),
                library_error: error.display(),
            });
        }
        return;
    }
    if reader.flavor == Flavor::V3 && error.kind == FailureKind::SignatureFailed {
        draft.add(Fact::SecretMismatch {
            flavor: reader.flavor,
            library_error: error.display(),
            has_kid: false,
            secrets_tried: reader.usable().count(),
        });
        candidate_facts(reader, token, now, draft);
        return;
    }
    // A plain JWS: does any configured secret (raw bytes) verify it?
    let verified = reader.usable().find_map(|(index, secret)| {
        jws::verify(token, &alg, &JwsKey::Hmac(secret.as_bytes().to_vec())).ok().map(|claims| (index, claims))
    });
    if let Some((index, claims)) = verified {
        time_facts(&claims, now, 0, draft);
        draft.claims = Some(claims);
        draft.add(Fact::SignedNotEncrypted { alg, verified_with: Some(reader.label(index)), flavor: reader.flavor });
    } else {
        draft.claims = unverified.cloned();
        draft.add(Fact::SignedNotEncrypted { alg: alg.clone(), verified_with: None, flavor: reader.flavor });
        if jws::SUPPORTED_ALGS.contains(&alg.as_str()) && alg.starts_with("HS") {
            draft.add(Fact::JwsBadSignature { alg });
        }
    }
}

fn explain_jwe(
    reader: &Reader,
    token: &str,
    header: &Map<String, Value>,
    error: &LibraryError,
    now: UnixTime,
    draft: &mut Draft,
) {
    draft.header = Some(header.clone());
    let guess = sniff::guess_from_header(header, true);
    draft.token_flavor = flavor_from_guess(guess);
    let search = search(reader, token, &[]);
    let configured = reader.configured_scheme();
    if let Some((scheme, index, opened_header, claims)) = search.opened {
        let tolerance = LIBRARY_CLOCK_TOLERANCE_SECS;
        draft.header = Some(opened_header);
        draft.token_flavor = Some(scheme.flavor());
        let same_flavor = scheme.flavor() == reader.flavor && scheme != Scheme::V3Encrypted;
        if scheme == configured {
            match error.kind {
                FailureKind::Expired | FailureKind::NotYetValid => time_facts(&claims, now, tolerance, draft),
                FailureKind::DecryptionFailed if !header.contains_key("kid") && index > 0 => {
                    draft.add(Fact::RotationWithoutKid { secret: reader.label(index), library_error: error.display() });
                }
                _ => draft.add(Fact::ClaimsInvalid { library_error: error.display() }),
            }
        } else if same_flavor {
            time_facts(&claims, now, tolerance, draft);
            draft.add(Fact::SaltMismatch {
                configured: reader.salt.clone(),
                actual: scheme.salt().unwrap_or_default().to_owned(),
                secret: reader.label(index),
                library_error: error.display(),
                flavor: reader.flavor,
            });
        } else {
            time_facts(&claims, now, tolerance, draft);
            let detail = match &scheme {
                Scheme::V3Encrypted => "v3 with `jwt.encryption: true`: a JWE wrapping an HS512 JWS".to_owned(),
                Scheme::V4 { salt } if salt.is_empty() => "dir + A256GCM, salt \"\"".to_owned(),
                Scheme::V4 { salt } => format!("dir + A256GCM, salt {salt:?}"),
                Scheme::V5 { salt } => format!(
                    "dir + {}, salt {salt:?}",
                    header.get("enc").and_then(Value::as_str).unwrap_or("A256CBC-HS512")
                ),
                Scheme::V3Jws => "HS512 JWS".to_owned(),
            };
            draft.add(Fact::FlavorMismatch {
                configured: reader.flavor,
                actual: scheme.flavor(),
                detail,
                library_error: error.display(),
            });
        }
        draft.claims = Some(claims);
        return;
    }
    if let Some((_, index, kid_altered)) = search.altered {
        draft.add(Fact::Tampered { kid_altered, secret: Some(reader.label(index)), library_error: error.display() });
        return;
    }
    let header_risk = draft.facts.iter().any(|f| matches!(f, Fact::JweHeaderRisk { .. }));
    if matches!(error.kind, FailureKind::HeaderRefused | FailureKind::KeyLength) && draft.token_flavor.is_none() {
        if header_risk {
            return;
        }
        draft.add(Fact::UnexpectedHeader {
            detail: format!(
                "The header is {} — not what NextAuth writes",
                serde_json::to_string(header).unwrap_or_default()
            ),
            library_error: error.display(),
        });
        return;
    }
    let has_kid = header.get("kid").is_some_and(|k| k.as_str().is_some_and(b64_len_ok));
    draft.add(Fact::SecretMismatch {
        flavor: reader.flavor,
        library_error: error.display(),
        has_kid,
        secrets_tried: reader.usable().count(),
    });
    candidate_facts(reader, token, now, draft);
}

/// Which labelled candidate secret (if any) opens a token no configured secret opens.
fn candidate_facts(reader: &Reader, token: &str, now: UnixTime, draft: &mut Draft) {
    let candidates: Vec<(usize, &str)> =
        reader.candidates.iter().enumerate().map(|(i, (s, _))| (i, s.expose())).collect();
    if candidates.is_empty() {
        return;
    }
    let found = search_with(reader, token, &[], &candidates);
    if let Some((scheme, index, header, claims)) = found.opened {
        time_facts(&claims, now, LIBRARY_CLOCK_TOLERANCE_SECS, draft);
        let (label, iat) = (reader.candidates[index].1.clone(), claims::time_claim(&claims, "iat"));
        draft.header = Some(header);
        draft.claims = Some(claims);
        draft.token_flavor = Some(scheme.flavor());
        draft.add(Fact::CandidateOpens {
            label,
            flavor: scheme.flavor(),
            salt: scheme.salt().map(str::to_owned),
            issued: iat,
        });
    }
}

fn b64_len_ok(kid: &str) -> bool {
    crate::token::b64::decode(kid).is_some_and(|b| b.len() == 64 || b.len() == 32)
}

/// Chunk problems. Returns true when they explain the failure.
fn chunk_facts(reader: &Reader, assembly: &Assembly, now: UnixTime, draft: &mut Draft) -> bool {
    let name = &reader.cookie_name;
    let numbered: Vec<i64> = assembly.chunks.iter().filter_map(|c| c.index).collect();
    let stale: Vec<String> = assembly
        .chunks
        .iter()
        .filter(|c| c.index.is_none() || c.name.len() > name.len() && !c.name[name.len()..].starts_with('.'))
        .map(|c| c.name.clone())
        .collect();
    if !numbered.is_empty() && !stale.is_empty() {
        // Which part is live? Try the numbered chunks alone, in the library's order.
        let live: String = assembly.chunks.iter().filter(|c| c.index.is_some()).map(|c| c.value.as_str()).collect();
        let scheme = reader.configured_scheme();
        let opened = reader.usable().find_map(|(_, secret)| match nextauth::try_scheme(&scheme, &live, secret) {
            Attempt::Opened { header, claims } => Some((header, claims)),
            _ => None,
        });
        let opens_without = opened.is_some();
        if let Some((header, claims)) = opened {
            time_facts(&claims, now, LIBRARY_CLOCK_TOLERANCE_SECS, draft);
            draft.header = Some(header);
            draft.claims = Some(claims);
            draft.token_flavor = Some(reader.flavor);
        }
        draft.add(Fact::StaleChunk { stale, opens_without });
        return true;
    }
    // A leftover numbered chunk from an older, bigger session: the token opens without the tail.
    let ordered: Vec<&cookie::ChunkRow> = assembly.chunks.iter().filter(|c| c.index.is_some()).collect();
    let scheme = reader.configured_scheme();
    for keep in (1..ordered.len()).rev() {
        let prefix: String = ordered[..keep].iter().map(|c| c.value.as_str()).collect();
        let opened = reader.usable().find_map(|(_, secret)| match nextauth::try_scheme(&scheme, &prefix, secret) {
            Attempt::Opened { header, claims } => Some((header, claims)),
            _ => None,
        });
        if let Some((header, claims)) = opened {
            time_facts(&claims, now, LIBRARY_CLOCK_TOLERANCE_SECS, draft);
            draft.header = Some(header);
            draft.claims = Some(claims);
            draft.token_flavor = Some(reader.flavor);
            draft.add(Fact::StaleChunk {
                stale: ordered[keep..].iter().map(|c| c.name.clone()).collect(),
                opens_without: true,
            });
            return true;
        }
    }
    let mut sorted = numbered.clone();
    sorted.sort_unstable();
    sorted.dedup();
    let gap = sorted.iter().enumerate().any(|(i, v)| *v != i as i64);
    let size = cookie::chunk_size(reader.flavor);
    let last_full = assembly.chunks.last().is_some_and(|c| c.len == size);
    if gap || last_full {
        let evidence = if gap {
            let max = sorted.last().copied().unwrap_or_default();
            // `take` bounds the work: a hostile `.999999999999` suffix leaves almost every number missing.
            let missing: Vec<String> =
                (0..max).filter(|n| !sorted.contains(n)).take(8).map(|n| format!(".{n}")).collect();
            if missing.is_empty() {
                "The numbering does not run 0, 1, 2, ….".to_owned()
            } else {
                format!("The numbering has a gap: {} missing.", missing.join(", "))
            }
        } else {
            format!(
                "The last chunk is exactly {size} characters, the full chunk size, so another chunk should follow it."
            )
        };
        draft.add(Fact::MissingChunk { name: name.clone(), present: sorted, evidence });
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SecretEntry;
    use crate::token::nextauth::{MintParams, encode_v4, encode_v5, uuid_v4};

    const NOW: UnixTime = UnixTime(1_767_229_200);

    fn mint_v5(secret: &str, salt: &str) -> String {
        encode_v5(&MintParams {
            claims: serde_json::json!({"sub": "1"}).as_object().cloned().unwrap(),
            secret,
            salt,
            max_age_secs: 3600,
            now: UnixTime(NOW.0 - 60),
            iv: &[5; 16],
            jti: uuid_v4([1; 16]),
        })
        .unwrap()
    }

    fn v5_config(secrets: &[&str]) -> Config {
        Config { secrets: secrets.iter().map(|s| SecretEntry::literal(*s)).collect(), ..Config::default() }
    }

    #[test]
    fn accepted_token_carries_claims_and_no_errors() {
        let v = diagnose(&v5_config(&["k"]), &Input::token(mint_v5("k", "authjs.session-token")), NOW);
        assert_eq!(v.outcome, Outcome::Accepted, "{:#?}", v.findings);
        assert_eq!(v.claims.unwrap()["sub"], "1");
    }

    #[test]
    fn wrong_salt_is_found_by_trying_other_cookie_names() {
        let v = diagnose(&v5_config(&["k"]), &Input::token(mint_v5("k", "__Secure-authjs.session-token")), NOW);
        assert_eq!(v.outcome, Outcome::Rejected);
        assert!(v.has("salt.mismatch"), "{:?}", v.codes());
        assert_eq!(v.library_error.unwrap().message, "no matching decryption secret");
        assert!(v.claims.is_some(), "claims are shown even when rejected");
    }

    #[test]
    fn v4_token_in_v5_reader_is_a_flavor_mismatch() {
        let token = encode_v4(&MintParams {
            claims: Map::new(),
            secret: "k",
            salt: "",
            max_age_secs: 60,
            now: NOW,
            iv: &[1; 12],
            jti: "j".into(),
        })
        .unwrap();
        let v = diagnose(&v5_config(&["k"]), &Input::token(token), NOW);
        assert!(v.has("flavor.mismatch"), "{:?}", v.codes());
        assert_eq!(v.token_flavor, Some(Flavor::V4));
    }
}
