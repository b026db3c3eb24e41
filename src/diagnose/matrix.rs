//! The reader matrix: the app (the writer) and every `[[readers]]` entry, each judged on
//! its own — accepted or rejected, and why — with the drift between them as findings
//! (`reader.secret_drift`, `reader.cookie_name_drift`, `reader.salt_drift`,
//! `reader.decoder_drift`, `reader.strategy_drift`). The top-level outcome stays the writer's.

use super::explain::{DriftKind, Fact, Finding, explain};
use super::{Outcome, ReaderSummary, Verdict, diagnose_one, find_token};
use crate::config::readers::{Decoder, ReaderApi, ReaderConfig, ReaderSecret};
use crate::config::secrets::ResolutionNote;
use crate::config::{Config, Strategy};
use crate::cookie::Input;
use crate::time::UnixTime;
use crate::token::claims;
use crate::token::jws::{self, JwsKey};
use crate::token::nextauth::LibraryError;
use crate::token::sniff::{self, Shape};

/// Writer or reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The configured app: it sets the cookie.
    Writer,
    /// A `[[readers]]` entry.
    Reader,
}

/// One row of the matrix.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ReaderRow {
    /// `app` for the writer, else the reader's name.
    pub name: String,
    /// Writer or reader.
    pub role: Role,
    /// Which call it is (readers only).
    pub api: Option<ReaderApi>,
    /// Would it accept the token?
    pub outcome: Outcome,
    /// What it throws (library decoders only).
    pub library_error: Option<LibraryError>,
    /// Cookie, salt, secrets (sources only).
    pub reader: ReaderSummary,
    /// `library default` or `custom JWS (HS256)`.
    pub decoder: String,
    /// Strategy in effect.
    pub strategy: Strategy,
    /// Why it expects `__Secure-` cookies or not.
    pub secure_reason: String,
    /// Its own findings (drift first).
    pub findings: Vec<Finding>,
}

fn strategy_word(s: Strategy) -> &'static str {
    match s {
        Strategy::Jwt => "the `jwt` strategy",
        Strategy::Database => "the `database` strategy",
    }
}

/// The writer's row, from the top-level verdict.
pub(super) fn writer_row(verdict: &Verdict, config: &Config) -> ReaderRow {
    ReaderRow {
        name: "app".into(),
        role: Role::Writer,
        api: None,
        outcome: verdict.outcome,
        library_error: verdict.library_error.clone(),
        reader: verdict.reader.clone(),
        decoder: Decoder::Library.to_string(),
        strategy: config.effective_strategy(),
        secure_reason: match config.cookies.secure {
            crate::config::CookieSecurity::Always => "`useSecureCookies: true`".to_owned(),
            crate::config::CookieSecurity::Never => "`useSecureCookies: false`".to_owned(),
            crate::config::CookieSecurity::Auto => format!(
                "from the URL {}",
                config.url.as_deref().map_or_else(|| "(none)".to_owned(), |u| format!("`{u}`"))
            ),
        },
        findings: verdict.findings.clone(),
    }
}

/// Judges every reader and adds the matrix (and the drift findings) to `verdict`.
pub(super) fn add_readers(config: &Config, input: &Input, now: UnixTime, verdict: &mut Verdict) {
    let mut rows = vec![writer_row(verdict, config)];
    let forwarded = input.header("x-forwarded-proto");
    let mut top: Vec<Finding> = Vec::new();
    for rc in &config.readers {
        let eff = rc.effective(config, forwarded);
        let mut row = match &rc.decoder {
            Decoder::Library => diagnose_one(&eff.config, input, now, false),
            Decoder::Jws { alg } => custom_jws(&eff.config, input, now, alg),
        };
        let no_secret = eff.config.resolved_secrets().iter().all(|(s, _)| s.is_empty());
        if rc.api == ReaderApi::GetToken && no_secret {
            // getToken() has no development fallback secret: drop that explanation, and in v5 it
            // throws before decoding.
            row.findings.retain(|f| !(f.code == "secret.mismatch" && f.why.contains("throw-away development secret")));
            if eff.config.version == crate::token::Flavor::V5 && row.library_error.is_some() {
                row.library_error = Some(LibraryError {
                    name: "MissingSecret".into(),
                    message: "Must pass `secret` if not set to JWT getToken(). Read more at https://errors.authjs.dev#missingsecret".into(),
                    kind: crate::token::nextauth::FailureKind::MissingSecret,
                });
            }
        }
        let rejects = match (row.outcome, verdict.outcome) {
            (Outcome::Accepted, _) => Some(false),
            (Outcome::Rejected, Outcome::Accepted) => Some(true),
            (Outcome::Rejected, Outcome::Rejected) => None,
        };
        let mut facts = drift_facts(rc, &eff.config, config, input, rejects);
        facts.extend(eff.resolution.notes.iter().filter_map(|n| match n {
            ResolutionNote::BothSetAndDiffer { used, ignored } => {
                Some(Fact::SecretEnvConflict { reader: rc.name.clone(), used: used.clone(), ignored: ignored.clone() })
            }
            ResolutionNote::NumberedIgnored { ignored, because } => Some(Fact::SecretEnvIgnored {
                reader: rc.name.clone(),
                ignored: ignored.clone(),
                because: because.clone(),
            }),
            ResolutionNote::JwtSecretOverrides | ResolutionNote::EmptyVariable { .. } => None,
        }));
        let shared: Vec<Finding> = facts.iter().map(explain).collect();
        let hmac = !matches!(&rc.decoder, Decoder::Jws { alg } if !alg.starts_with("HS"));
        if hmac && rc.secret != ReaderSecret::SameAsApp {
            for (i, entry) in eff.config.secrets.iter().enumerate() {
                if let Some(weakness) = entry.value.as_ref().and_then(|v| crate::secret::weakness(v.expose())) {
                    let fact = Fact::WeakSecret {
                        label: format!("`{}` secret #{} ({})", rc.name, i + 1, entry.origin()),
                        weakness,
                        production: config.environment == crate::config::Environment::Production,
                    };
                    row.findings.push(explain(&fact));
                }
            }
        }
        let mut findings = shared.clone();
        findings.append(&mut row.findings);
        findings.sort_by_key(|f| f.severity);
        top.extend(shared);
        rows.push(ReaderRow {
            name: rc.name.clone(),
            role: Role::Reader,
            api: Some(rc.api),
            outcome: row.outcome,
            library_error: row.library_error,
            reader: row.reader,
            decoder: rc.decoder.to_string(),
            strategy: eff.config.effective_strategy(),
            secure_reason: eff.secure_reason,
            findings,
        });
    }
    verdict.findings.extend(top);
    verdict.findings.sort_by_key(|f| f.severity);
    verdict.readers = rows;
}

fn origin_list(config: &Config) -> String {
    let list: Vec<String> = config.secrets.iter().map(|e| e.origin().to_string()).collect();
    if list.is_empty() { "no secret".to_owned() } else { list.join(", ") }
}

fn drift_facts(rc: &ReaderConfig, reader: &Config, app: &Config, input: &Input, rejects: Option<bool>) -> Vec<Fact> {
    let mut facts = Vec::new();
    let drift = |kind, app: String, theirs: String, detail: String| Fact::ReaderDrift {
        kind,
        reader: rc.name.clone(),
        app,
        theirs,
        detail,
        rejects,
    };
    if rc.secret != ReaderSecret::SameAsApp {
        let app_first = app.secrets.iter().find_map(|e| e.value.clone().filter(|v| !v.is_empty()));
        let theirs: Vec<_> = reader.secrets.iter().filter_map(|e| e.value.clone().filter(|v| !v.is_empty())).collect();
        let app_words = format!("its secret from {}", origin_list(app));
        let theirs_words = match &rc.secret {
            ReaderSecret::None => "no secret at all (none is passed)".to_owned(),
            ReaderSecret::Library if reader.secrets.is_empty() => {
                "no secret: the library finds none in the environment for this call".to_owned()
            }
            _ => origin_list(reader),
        };
        let unset: Vec<String> = reader
            .secrets
            .iter()
            .filter(|e| e.value.as_ref().is_none_or(crate::secret::Secret::is_empty))
            .map(|e| e.origin().to_string())
            .collect();
        let unset = if unset.is_empty() { String::new() } else { format!(" ({} unset or empty.)", unset.join(", ")) };
        let decrypts = match (&app_first, reader.version) {
            (Some(first), crate::token::Flavor::V5) => theirs.iter().any(|t| t == first),
            (Some(first), _) => theirs.first() == Some(first),
            (None, _) => false,
        };
        if theirs.is_empty() {
            facts.push(drift(
                DriftKind::Secret,
                app_words,
                theirs_words,
                format!("Without a secret `getToken()` returns null (v5 throws `MissingSecret`).{unset}"),
            ));
        } else if !decrypts {
            facts.push(drift(
                DriftKind::Secret,
                app_words,
                format!("{theirs_words}, a different value"),
                "Tokens the app writes cannot be opened there; `getToken()` turns that into a silent null.".to_owned(),
            ));
        } else if origin_list(reader) != origin_list(app) {
            facts.push(drift(
                DriftKind::Secret,
                app_words,
                format!("{theirs_words} (the same value today)"),
                "They agree only while both variables hold the same value.".to_owned(),
            ));
        }
    }
    let (app_name, their_name) = (app.session_cookie_name(), reader.session_cookie_name());
    if app_name != their_name {
        let reason = rc.effective(app, input.header("x-forwarded-proto")).secure_reason;
        facts.push(drift(
            DriftKind::CookieName,
            format!("cookie `{app_name}`"),
            format!("cookie `{their_name}`"),
            format!("Its `__Secure-` decision: {reason}."),
        ));
    }
    let (app_salt, their_salt) = (app.salt(), reader.salt());
    if app_salt != their_salt && (rc.salt.is_some() || app.jwt.salt.is_some() || app_name == their_name) {
        facts.push(drift(DriftKind::Salt, format!("salt {app_salt:?}"), format!("salt {their_salt:?}"), String::new()));
    }
    if let Decoder::Jws { alg } = &rc.decoder {
        let token_is_jwe = find_token(&their_name, reader.version, input)
            .is_some_and(|(t, _)| matches!(sniff::sniff(&t), Shape::Jwe { .. }));
        facts.push(drift(
            DriftKind::Decoder,
            "the library's decoder (its encrypted JWE)".to_owned(),
            format!("a custom `jwt.decode` verifying a signed {alg} JWT"),
            if token_is_jwe {
                "A signed-JWT decoder cannot read the library's encrypted token.".to_owned()
            } else {
                "Every place that reads the cookie needs the same decoder.".to_owned()
            },
        ));
    }
    let (a, b) = (app.effective_strategy(), reader.effective_strategy());
    if a != b {
        facts.push(drift(DriftKind::Strategy, strategy_word(a).to_owned(), strategy_word(b).to_owned(), String::new()));
    }
    facts
}

/// A reader with a custom `jwt.decode` that verifies a signed JWT with `alg` (HS*: the
/// secret's bytes; RS/PS/ES/EdDSA: the secret is a PEM public key), no clock tolerance.
fn custom_jws(config: &Config, input: &Input, now: UnixTime, alg: &str) -> Verdict {
    let mut v = diagnose_one(config, input, now, false);
    let Some((token, _)) = find_token(&config.session_cookie_name(), config.version, input) else { return v };
    // The library decoder's explanation does not apply: keep only how the token was found.
    v.findings.retain(|f| f.code.starts_with("cookie.") || f.code == "secret.missing");
    v.library_error = None;
    v.outcome = Outcome::Rejected;
    v.claims = None;
    let mut facts = Vec::new();
    match sniff::sniff(&token) {
        Shape::Jws { header, .. } => {
            v.header = Some(header.clone());
            let keys: Vec<(String, String)> = config
                .secrets
                .iter()
                .enumerate()
                .filter_map(|(i, e)| {
                    e.value.as_ref().map(|s| (format!("secret #{} ({})", i + 1, e.origin()), s.expose().to_owned()))
                })
                .collect();
            facts.extend(super::security::jws_facts(&token, &header, &keys));
            let token_alg = header.get("alg").and_then(serde_json::Value::as_str).unwrap_or_default();
            if facts.is_empty() && token_alg != alg {
                facts.push(Fact::Malformed {
                    reason: format!("is signed with `{token_alg}`, but this decoder accepts only `{alg}`"),
                    library_error: None,
                });
            } else if facts.is_empty() {
                let verified = keys.iter().find_map(|(_, secret)| {
                    let key = if alg.starts_with("HS") {
                        JwsKey::Hmac(secret.as_bytes().to_vec())
                    } else {
                        JwsKey::Pem(secret.clone())
                    };
                    jws::verify(&token, alg, &key).ok()
                });
                match verified {
                    Some(claims_set) => {
                        match claims::check_times(&claims_set, now, 0) {
                            Err(claims::ClaimsError::Expired { exp }) => {
                                facts.push(Fact::Expired { exp: UnixTime(exp), now, tolerance_secs: 0 });
                            }
                            Err(claims::ClaimsError::NotYetValid { nbf }) => {
                                facts.push(Fact::NotYetValid { nbf: UnixTime(nbf), now });
                            }
                            Err(_) => {
                                facts
                                    .push(Fact::ClaimsInvalid { library_error: "a time claim is not a number".into() });
                            }
                            Ok(()) => v.outcome = Outcome::Accepted,
                        }
                        v.timeline = Some(super::timeline::timeline(&claims_set, config, config.version, now));
                        v.claims = Some(claims_set);
                    }
                    None => facts.push(Fact::JwsBadSignature { alg: alg.to_owned() }),
                }
            }
        }
        Shape::Jwe { header } => v.header = Some(header),
        Shape::Empty => facts.push(Fact::Empty),
        Shape::Opaque(kind) => facts.push(Fact::DatabaseSession { kind, flavor: config.version }),
        Shape::Malformed(reason) => facts.push(Fact::Malformed { reason, library_error: None }),
    }
    v.findings.extend(facts.iter().map(explain));
    v.findings.sort_by_key(|f| f.severity);
    v
}
