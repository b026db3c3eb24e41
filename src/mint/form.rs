//! The Mint form without the window: every field as the user typed it, and the pure step
//! from those fields (plus the config, `now` and random bytes from the shell) to a token
//! and its outputs. The GUI draws a [`MintForm`] and calls [`MintForm::mint`]; tests call
//! it directly.

use serde_json::{Map, Value};

use super::claims::{ClaimsTextError, Preset, claims_text, parse_claims_text};
use super::keys::{self, KeyGenError, KeyPairAlg};
use super::when::{WhenError, duration_text, parse_when};
use super::{BearerOutputs, SessionOutputs, bearer_outputs, session_outputs};
use crate::config::{Config, CookieSecurity};
use crate::secret::Secret;
use crate::time::UnixTime;
use crate::token::Flavor;
use crate::token::nextauth::{self, MintParams};

/// What to make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MintKind {
    /// A `NextAuth` / Auth.js session token (JWE; v3: HS512 JWS), as the library's `encode`.
    Session,
    /// A plain signed JWT (JWS) with the form's algorithm.
    Jws,
}

/// Which secret encrypts (or, for HS* JWS, signs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyChoice {
    /// `secrets[i]` of the config (`0`, the encrypting one, by default).
    Configured(usize),
    /// `candidates[i]` of the config: reproduces a token made with another environment's secret.
    Candidate(usize),
    /// The secret typed into the form.
    Typed,
}

/// The form's fields, as typed.
#[derive(Clone, PartialEq, Eq)]
pub struct MintForm {
    /// Claims JSON (the source of truth; quick fields read and write it).
    pub claims_text: String,
    /// Session token or plain JWS.
    pub kind: MintKind,
    /// Library version; `None` follows the config.
    pub flavor: Option<Flavor>,
    /// `__Secure-` cookie; `None` follows the config.
    pub secure: Option<bool>,
    /// Cookie name; empty follows the config / library default.
    pub cookie_name: String,
    /// HKDF salt; `None` follows the library (v4 `""`, v5 the cookie name) or the config's override.
    pub salt: Option<String>,
    /// Which secret.
    pub key: KeyChoice,
    /// The typed secret for [`KeyChoice::Typed`].
    pub typed_secret: String,
    /// `iat`; empty means now.
    pub iat: String,
    /// `exp`; empty means `iat` + the config's JWT max age.
    pub exp: String,
    /// `nbf`; empty means none.
    pub nbf: String,
    /// JWS algorithm (one of [`crate::token::jws::SUPPORTED_ALGS`]).
    pub jws_alg: String,
    /// PEM private key for RS*/PS*/ES*/`EdDSA`.
    pub jws_private_pem: String,
    /// The public half of a generated pair (shown for copying into the verifier).
    pub jws_public_pem: String,
    /// OAuth preset sizes in characters: access, refresh and id token (default 40, 100, 1200:
    /// a GitHub-like access token and a Google-like id token).
    pub oauth_sizes: [usize; 3],
}

impl std::fmt::Debug for MintForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MintForm")
            .field("kind", &self.kind)
            .field("flavor", &self.flavor)
            .field("key", &self.key)
            .field("typed_secret", &"<redacted>")
            .field("jws_alg", &self.jws_alg)
            .field("jws_private_pem", &"<redacted>")
            .finish_non_exhaustive()
    }
}

impl Default for MintForm {
    fn default() -> Self {
        Self {
            claims_text: claims_text(&Preset::CredentialsUser.claims(UnixTime(0))),
            kind: MintKind::Session,
            flavor: None,
            secure: None,
            cookie_name: String::new(),
            salt: None,
            key: KeyChoice::Configured(0),
            typed_secret: String::new(),
            iat: String::new(),
            exp: String::new(),
            nbf: String::new(),
            jws_alg: "HS256".to_owned(),
            jws_private_pem: String::new(),
            jws_public_pem: String::new(),
            oauth_sizes: [40, 100, 1_200],
        }
    }
}

/// A problem that stops minting, with the field it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FormError {
    /// The claims text.
    #[error("Claims: {0}")]
    Claims(ClaimsTextError),
    /// A time field.
    #[error("{field}: {error}")]
    Time {
        /// `iat`, `exp` or `nbf`.
        field: &'static str,
        /// Why.
        error: WhenError,
    },
    /// The chosen secret has no value (the message says which and what to do).
    #[error("{0}")]
    NoSecret(String),
    /// The JWS key or signing.
    #[error("JWS: {0}")]
    Jws(String),
    /// The library encoder refused.
    #[error("{0}")]
    Encode(String),
}

/// Random bytes the shell draws for one mint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MintRandomness {
    /// The IV (12 bytes used for `A256GCM`, 16 for `A256CBC-HS512`).
    pub iv: [u8; 16],
    /// Bytes of the `jti` UUID v4.
    pub jti: [u8; 16],
}

/// The reader-side settings a mint resolved to (shown above the outputs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    /// Library version.
    pub flavor: Flavor,
    /// Session cookie name.
    pub cookie_name: String,
    /// HKDF salt.
    pub salt: String,
    /// Which secret, printable (`secret #1`, `candidate prod-A`, `typed secret`).
    pub key_label: String,
    /// `iat`.
    pub iat: UnixTime,
    /// `exp`.
    pub exp: UnixTime,
    /// `nbf`, if set.
    pub nbf: Option<UnixTime>,
    /// Cookie `Expires` (now + `session.maxAge`, as the library sets it).
    pub cookie_expires: UnixTime,
}

/// What [`MintForm::resolve`] returns: the claims, the settings, the secret (if one is needed).
pub type Resolution = (Map<String, Value>, Resolved, Option<Secret>);

/// A minted token with its outputs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Minted {
    /// A session token and its cookies.
    Session {
        /// The token.
        token: String,
        /// Cookies, headers, curl, console.
        outputs: SessionOutputs,
        /// What it was minted with.
        resolved: Resolved,
    },
    /// A JWS and its bearer forms.
    Jws {
        /// The token.
        token: String,
        /// `Authorization` header, curl.
        outputs: BearerOutputs,
        /// What it was minted with.
        resolved: Resolved,
    },
}

impl Minted {
    /// The token.
    #[must_use]
    pub fn token(&self) -> &str {
        match self {
            Self::Session { token, .. } | Self::Jws { token, .. } => token,
        }
    }

    /// What to put into the paste box for "Decode this": the `Cookie` header for a session
    /// token (so the reader's cookie lookup and chunk reassembly are exercised), the bare
    /// token for a JWS.
    #[must_use]
    pub fn decode_paste(&self) -> String {
        match self {
            Self::Session { outputs, .. } => outputs.cookie_header.clone(),
            Self::Jws { token, .. } => token.clone(),
        }
    }
}

/// A choice of secret in the "Key" menu: what it is and how it is labelled (no value).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyOption {
    /// The choice.
    pub choice: KeyChoice,
    /// `Secret #1 (encrypts) · env AUTH_SECRET`.
    pub label: String,
}

/// Every secret the form can mint with, in menu order.
#[must_use]
pub fn key_options(config: &Config) -> Vec<KeyOption> {
    let mut out: Vec<KeyOption> = config
        .secrets
        .iter()
        .enumerate()
        .map(|(i, s)| KeyOption {
            choice: KeyChoice::Configured(i),
            label: format!("Secret #{}{} · {}", i + 1, if i == 0 { " (encrypts)" } else { "" }, s.origin()),
        })
        .collect();
    out.extend(config.candidates.iter().enumerate().map(|(i, c)| KeyOption {
        choice: KeyChoice::Candidate(i),
        label: format!("Candidate {} · {}", c.label, c.secret.origin()),
    }));
    out.push(KeyOption { choice: KeyChoice::Typed, label: "Typed secret".to_owned() });
    out
}

impl MintForm {
    /// The config this form mints for: the app's config with the form's overrides applied.
    #[must_use]
    pub fn effective_config(&self, config: &Config) -> Config {
        let mut c = config.clone();
        if let Some(flavor) = self.flavor {
            c.version = flavor;
        }
        if let Some(secure) = self.secure {
            c.cookies.secure = if secure { CookieSecurity::Always } else { CookieSecurity::Never };
        }
        if !self.cookie_name.trim().is_empty() {
            c.cookies.session_token_name = Some(self.cookie_name.trim().to_owned());
        }
        if let Some(salt) = &self.salt {
            c.jwt.salt = Some(salt.clone());
        }
        c
    }

    /// The default `exp` shown when the field is empty: `+30d` from the config's max age.
    #[must_use]
    pub fn default_exp_text(&self, config: &Config) -> String {
        duration_text(self.effective_config(config).jwt_max_age_secs())
    }

    /// The OAuth preset with this form's sizes.
    #[must_use]
    pub fn oauth_preset(&self) -> Preset {
        let [access_chars, refresh_chars, id_chars] = self.oauth_sizes;
        Preset::OAuthUser { access_chars, refresh_chars, id_chars }
    }

    /// Replaces the claims with a preset (times and key settings are kept).
    pub fn apply_preset(&mut self, preset: Preset, now: UnixTime) {
        self.claims_text = claims_text(&preset.claims(now));
    }

    /// Fills the private and public PEM with a fresh pair for the form's algorithm (ES256 or
    /// `EdDSA`); `seed` comes from the shell's random source.
    pub fn generate_key_pair(&mut self, seed: &[u8; 32]) -> Result<(), KeyGenError> {
        let alg = KeyPairAlg::for_alg(&self.jws_alg).unwrap_or(KeyPairAlg::Es256);
        let pair = keys::generate_key_pair(alg, seed)?;
        alg.jws_alg().clone_into(&mut self.jws_alg);
        self.jws_private_pem = pair.private_pem;
        self.jws_public_pem = pair.public_pem;
        Ok(())
    }

    fn secret(&self, config: &Config) -> Result<(Secret, String), FormError> {
        let (entry, label) = match self.key {
            KeyChoice::Typed => {
                return if self.typed_secret.is_empty() {
                    Err(FormError::NoSecret("The typed secret is empty".into()))
                } else {
                    Ok((Secret::new(self.typed_secret.clone()), "typed secret".into()))
                };
            }
            KeyChoice::Configured(i) => (config.secrets.get(i), format!("secret #{}", i + 1)),
            KeyChoice::Candidate(i) => (
                config.candidates.get(i).map(|c| &c.secret),
                config
                    .candidates
                    .get(i)
                    .map_or_else(|| format!("candidate #{}", i + 1), |c| format!("candidate {}", c.label)),
            ),
        };
        match entry.and_then(|e| e.value.clone()).filter(|v| !v.is_empty()) {
            Some(v) => Ok((v, label)),
            None if entry.is_none() && self.key == KeyChoice::Configured(0) => {
                Err(FormError::NoSecret("No secret is configured: add one on the left, or choose Typed secret".into()))
            }
            None if entry.is_none() => {
                Err(FormError::NoSecret(format!("There is no {label} any more: choose another key")))
            }
            None => Err(FormError::NoSecret(format!("{} has no value (an unset env variable?)", capitalise(&label)))),
        }
    }

    /// Whether this form needs a secret: session tokens and HS* JWS do, PEM-keyed JWS do not.
    #[must_use]
    pub fn needs_secret(&self) -> bool {
        self.kind == MintKind::Session || self.jws_alg.starts_with("HS")
    }

    /// Resolves every field; all problems are reported, not just the first. The secret is
    /// `None` when [`Self::needs_secret`] is false.
    pub fn resolve(&self, config: &Config, now: UnixTime) -> Result<Resolution, Vec<FormError>> {
        let effective = self.effective_config(config);
        let mut errors = Vec::new();
        let claims = parse_claims_text(&self.claims_text).map_err(FormError::Claims);
        let time = |field: &'static str, text: &str, default: UnixTime| -> Result<UnixTime, FormError> {
            if text.trim().is_empty() {
                Ok(default)
            } else {
                parse_when(text, now).map_err(|error| FormError::Time { field, error })
            }
        };
        let iat = time("iat", &self.iat, now);
        let iat_value = iat.as_ref().copied().unwrap_or(now);
        let exp = time("exp", &self.exp, iat_value.plus_secs(effective.jwt_max_age_secs()));
        let nbf = if self.nbf.trim().is_empty() { Ok(None) } else { time("nbf", &self.nbf, now).map(Some) };
        let secret = if self.needs_secret() { self.secret(&effective).map(Some) } else { Ok(None) };
        let (claims, iat, exp, nbf, secret) = match (claims, iat, exp, nbf, secret) {
            (Ok(claims), Ok(iat), Ok(exp), Ok(nbf), Ok(secret)) => (claims, iat, exp, nbf, secret),
            (claims, iat, exp, nbf, secret) => {
                errors.extend(claims.err());
                errors.extend(iat.err());
                errors.extend(exp.err());
                errors.extend(nbf.err());
                errors.extend(secret.err());
                return Err(errors);
            }
        };
        let resolved = Resolved {
            flavor: effective.version,
            cookie_name: effective.session_cookie_name(),
            salt: effective.salt(),
            key_label: secret.as_ref().map_or_else(|| "PEM key".to_owned(), |s| s.1.clone()),
            iat,
            exp,
            nbf,
            cookie_expires: now.plus_secs(effective.session.max_age_secs),
        };
        Ok((claims, resolved, secret.map(|s| s.0)))
    }

    /// Mints: a session token exactly as the library's `encode` (with `iat`/`exp`/`nbf` from
    /// the form), or a JWS. Pure: randomness and `now` are parameters.
    pub fn mint(&self, config: &Config, now: UnixTime, random: &MintRandomness) -> Result<Minted, Vec<FormError>> {
        let (mut claims, resolved, secret) = self.resolve(config, now)?;
        let secret_text = secret.as_ref().map(Secret::expose).unwrap_or_default();
        let base_url = config.url.clone().unwrap_or_else(|| "http://localhost:3000".to_owned());
        match self.kind {
            MintKind::Session => {
                if let Some(nbf) = resolved.nbf {
                    claims.insert("nbf".into(), Value::from(nbf.0));
                }
                let params = MintParams {
                    claims,
                    secret: secret_text,
                    salt: &resolved.salt,
                    max_age_secs: resolved.exp.0.saturating_sub(resolved.iat.0),
                    now: resolved.iat,
                    iv: if resolved.flavor == Flavor::V4 { &random.iv[..12] } else { &random.iv },
                    jti: nextauth::uuid_v4(random.jti),
                };
                let token =
                    nextauth::encode(resolved.flavor, &params).map_err(|e| vec![FormError::Encode(e.to_string())])?;
                let outputs = session_outputs(
                    &token,
                    &resolved.cookie_name,
                    resolved.flavor,
                    Some(resolved.cookie_expires),
                    &base_url,
                );
                Ok(Minted::Session { token, outputs, resolved })
            }
            MintKind::Jws => {
                let key_text = if self.jws_alg.starts_with("HS") { secret_text } else { self.jws_private_pem.as_str() };
                let key =
                    keys::signing_key(&self.jws_alg, key_text).map_err(|e| vec![FormError::Jws(e.to_string())])?;
                let token = keys::mint_jws(&claims, &self.jws_alg, &key, resolved.iat, resolved.exp, resolved.nbf)
                    .map_err(|e| vec![FormError::Jws(e.to_string())])?;
                let outputs = bearer_outputs(&token, &base_url);
                Ok(Minted::Jws { token, outputs, resolved })
            }
        }
    }
}

fn capitalise(text: &str) -> String {
    let mut c = text.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Candidate, SecretEntry};
    use crate::token::nextauth::library_decode;

    const NOW: UnixTime = UnixTime(1_767_225_600);
    const RANDOM: MintRandomness = MintRandomness { iv: [9; 16], jti: [4; 16] };

    fn config() -> Config {
        Config {
            version: Flavor::V5,
            secrets: vec![SecretEntry::literal("first-secret"), SecretEntry::literal("second-secret")],
            candidates: vec![Candidate { label: "prod-A".into(), secret: SecretEntry::literal("prod-secret") }],
            ..Config::default()
        }
    }

    #[test]
    fn defaults_follow_the_config_and_the_library_accepts() {
        let form = MintForm::default();
        let Minted::Session { token, outputs, resolved } = form.mint(&config(), NOW, &RANDOM).unwrap() else {
            panic!()
        };
        assert_eq!(resolved.cookie_name, "authjs.session-token");
        assert_eq!(resolved.salt, "authjs.session-token");
        assert_eq!(resolved.key_label, "secret #1");
        assert_eq!((resolved.iat, resolved.exp, resolved.nbf), (NOW, NOW.plus_secs(2_592_000), None));
        assert_eq!(outputs.cookie_header, format!("Cookie: authjs.session-token={token}"));
        let opened = library_decode(Flavor::V5, &token, &["first-secret"], "authjs.session-token", NOW).unwrap();
        assert_eq!(opened.claims["sub"], "1");
        assert_eq!(opened.claims["jti"], nextauth::uuid_v4([4; 16]));
        assert_eq!(opened.claims["exp"], NOW.0 + 2_592_000);
    }

    #[test]
    fn times_secure_name_and_a_candidate_secret() {
        let form = MintForm {
            iat: "-1h".into(),
            exp: "+5m".into(),
            nbf: "-1h".into(),
            secure: Some(true),
            key: KeyChoice::Candidate(0),
            ..MintForm::default()
        };
        let minted = form.mint(&config(), NOW, &RANDOM).unwrap();
        let Minted::Session { token, resolved, .. } = &minted else { panic!() };
        assert_eq!(resolved.cookie_name, "__Secure-authjs.session-token");
        assert_eq!(resolved.key_label, "candidate prod-A");
        let opened = library_decode(Flavor::V5, token, &["prod-secret"], "__Secure-authjs.session-token", NOW).unwrap();
        assert_eq!(
            (opened.claims["iat"].as_i64(), opened.claims["exp"].as_i64()),
            (Some(NOW.0 - 3600), Some(NOW.0 + 300))
        );
        assert_eq!(opened.claims["nbf"], NOW.0 - 3600);
        let err =
            library_decode(Flavor::V5, token, &["first-secret"], "__Secure-authjs.session-token", NOW).unwrap_err();
        assert_eq!(err.message, "no matching decryption secret", "drift reproduced");
        assert!(minted.decode_paste().starts_with("Cookie: __Secure-authjs.session-token="));
    }

    #[test]
    fn v4_salted_and_the_second_secret() {
        let form = MintForm {
            flavor: Some(Flavor::V4),
            salt: Some("next-auth.state".into()),
            key: KeyChoice::Configured(1),
            ..MintForm::default()
        };
        let minted = form.mint(&config(), NOW, &RANDOM).unwrap();
        let Minted::Session { token, resolved, .. } = &minted else { panic!() };
        assert_eq!(
            (resolved.cookie_name.as_str(), resolved.salt.as_str()),
            ("next-auth.session-token", "next-auth.state")
        );
        assert!(library_decode(Flavor::V4, token, &["second-secret"], "next-auth.state", NOW).is_ok());
        assert!(library_decode(Flavor::V4, token, &["second-secret"], "", NOW).is_err());
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let form = MintForm {
            claims_text: "{\"a\": }".into(),
            exp: "tomorrow".into(),
            nbf: "+x".into(),
            key: KeyChoice::Typed,
            ..MintForm::default()
        };
        let errors = form.mint(&config(), NOW, &RANDOM).unwrap_err();
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(text.len(), 4, "{text:?}");
        assert!(text[0].starts_with("Claims: line 1, column 7: expected value"), "{text:?}");
        assert!(text[1].starts_with("exp: \"tomorrow\" is not a time"), "{text:?}");
        assert!(text[2].starts_with("nbf: "), "{text:?}");
        assert_eq!(text[3], "The typed secret is empty");
        let none = MintForm::default().mint(&Config::default(), NOW, &RANDOM).unwrap_err();
        assert_eq!(none[0].to_string(), "No secret is configured: add one on the left, or choose Typed secret");
        let gone = MintForm { key: KeyChoice::Configured(5), ..MintForm::default() }.mint(&config(), NOW, &RANDOM);
        assert_eq!(gone.unwrap_err()[0].to_string(), "There is no secret #6 any more: choose another key");
    }

    #[test]
    fn jws_with_hmac_secret_and_generated_pairs() {
        let hs = MintForm { kind: MintKind::Jws, jws_alg: "HS384".into(), ..MintForm::default() };
        let Minted::Jws { token, outputs, .. } = hs.mint(&config(), NOW, &RANDOM).unwrap() else { panic!() };
        let claims =
            crate::token::jws::verify(&token, "HS384", &crate::token::jws::JwsKey::Hmac(b"first-secret".to_vec()))
                .unwrap();
        assert_eq!(claims["sub"], "1");
        assert_eq!(outputs.authorization, format!("Authorization: Bearer {token}"));
        for alg in ["ES256", "EdDSA"] {
            let mut form = MintForm { kind: MintKind::Jws, jws_alg: alg.into(), ..MintForm::default() };
            form.generate_key_pair(&[5; 32]).unwrap();
            let minted = form.mint(&config(), NOW, &RANDOM).unwrap();
            let key = crate::token::jws::JwsKey::Pem(form.jws_public_pem.clone());
            assert_eq!(crate::token::jws::verify(minted.token(), alg, &key).unwrap()["exp"], NOW.0 + 2_592_000);
            assert_eq!(minted.decode_paste(), minted.token());
        }
        let no_pem = MintForm { kind: MintKind::Jws, jws_alg: "RS256".into(), ..MintForm::default() };
        assert!(
            no_pem.mint(&config(), NOW, &RANDOM).unwrap_err()[0]
                .to_string()
                .starts_with("JWS: the key does not fit RS256")
        );
    }

    #[test]
    fn key_menu_labels_never_show_values() {
        let labels: Vec<String> = key_options(&config()).into_iter().map(|o| o.label).collect();
        assert_eq!(
            labels,
            [
                "Secret #1 (encrypts) · literal in config",
                "Secret #2 · literal in config",
                "Candidate prod-A · literal in config",
                "Typed secret"
            ]
        );
        assert!(
            !format!("{:?}", MintForm { typed_secret: "hunter2".into(), ..MintForm::default() }).contains("hunter2")
        );
    }

    #[test]
    fn default_exp_follows_the_config_max_age() {
        let mut c = config();
        c.session.max_age_secs = 3_600;
        assert_eq!(MintForm::default().default_exp_text(&c), "+1h");
        assert_eq!(MintForm { flavor: Some(Flavor::V4), ..MintForm::default() }.default_exp_text(&c), "+30d");
    }
}
