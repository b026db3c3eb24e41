//! Compact JWE with `alg: "dir"`: parse, decrypt and encrypt for `A256GCM` and
//! `A256CBC-HS512` (RFC 7518 §5.2.5), plus a forensic pass that decrypts *without*
//! authenticating, used only to explain failures ("the key is right, the token was altered").
//!
//! Errors carry jose's own names and messages so the verdict can quote them.

use aes_gcm::aead::AeadInOut as _;
use aes_gcm::{Aes256Gcm, KeyInit as _};
use cbc::cipher::{
    BlockModeDecrypt as _, BlockModeEncrypt as _, KeyIvInit as _, StreamCipher as _, block_padding::Pkcs7,
};
use hmac::{Hmac, Mac as _};
use serde_json::{Map, Value};
use sha2::Sha512;
use subtle::ConstantTimeEq as _;

use super::b64;

/// Upper bound on a token we will even try to parse (a 4-chunk cookie is ~16 KB).
pub const MAX_TOKEN_BYTES: usize = 1 << 20;

/// A compact JWE split into its five parts, with the protected header parsed.
#[derive(Clone, Debug)]
pub struct CompactJwe {
    /// The first segment exactly as sent: it is the AAD.
    pub header_b64: String,
    /// The protected header.
    pub header: Map<String, Value>,
    /// Encrypted key (must be empty for `dir`).
    pub encrypted_key: Vec<u8>,
    /// Initialisation vector.
    pub iv: Vec<u8>,
    /// Ciphertext.
    pub ciphertext: Vec<u8>,
    /// Authentication tag.
    pub tag: Vec<u8>,
}

/// A failure, named as jose names it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JweError {
    /// `JWEInvalid`: the input is not a compact JWE or its header is unusable.
    #[error("JWEInvalid: {0}")]
    Invalid(String),
    /// `JOSENotSupported`: an `alg`, `enc` or `zip` jose does not implement.
    #[error("JOSENotSupported: {0}")]
    NotSupported(String),
    /// `JWEDecryptionFailed: decryption operation failed` — wrong key or altered token.
    #[error("JWEDecryptionFailed: decryption operation failed")]
    DecryptionFailed,
}

impl JweError {
    /// jose's error class name.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            Self::Invalid(_) => "JWEInvalid",
            Self::NotSupported(_) => "JOSENotSupported",
            Self::DecryptionFailed => "JWEDecryptionFailed",
        }
    }

    /// jose's message.
    #[must_use]
    pub fn message(&self) -> String {
        match self {
            Self::Invalid(m) | Self::NotSupported(m) => m.clone(),
            Self::DecryptionFailed => "decryption operation failed".to_owned(),
        }
    }
}

/// Content-encryption algorithms this module implements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Enc {
    /// AES-256-GCM, 32-byte key, 96-bit IV, 128-bit tag (v4, early v5 betas).
    A256Gcm,
    /// AES-256-CBC + HMAC-SHA-512/256, 64-byte key, 128-bit IV, 256-bit tag (v5).
    A256CbcHs512,
}

impl Enc {
    /// The header value.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::A256Gcm => "A256GCM",
            Self::A256CbcHs512 => "A256CBC-HS512",
        }
    }

    /// Key length in bytes.
    #[must_use]
    pub fn key_len(self) -> usize {
        match self {
            Self::A256Gcm => 32,
            Self::A256CbcHs512 => 64,
        }
    }

    /// IV length in bytes.
    #[must_use]
    pub fn iv_len(self) -> usize {
        match self {
            Self::A256Gcm => 12,
            Self::A256CbcHs512 => 16,
        }
    }
}

/// The key length jose expects for an `enc` it knows, in bits (for its error message).
fn expected_cek_bits(enc: &str) -> Option<usize> {
    Some(match enc {
        "A128GCM" => 128,
        "A192GCM" => 192,
        "A256GCM" | "A128CBC-HS256" => 256,
        "A192CBC-HS384" => 384,
        "A256CBC-HS512" => 512,
        _ => return None,
    })
}

impl CompactJwe {
    /// Splits and parses. Mirrors jose's first checks and messages.
    pub fn parse(token: &str) -> Result<Self, JweError> {
        if token.len() > MAX_TOKEN_BYTES {
            return Err(JweError::Invalid("Invalid Compact JWE".into()));
        }
        let parts: Vec<&str> = token.split('.').collect();
        let [header_b64, key, iv, ciphertext, tag] = parts.as_slice() else {
            return Err(JweError::Invalid("Invalid Compact JWE".into()));
        };
        let header = b64::decode(header_b64)
            .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
            .and_then(|v| match v {
                Value::Object(map) => Some(map),
                _ => None,
            })
            .ok_or_else(|| JweError::Invalid("JWE Protected Header is invalid".into()))?;
        let bad = |what: &str| JweError::Invalid(format!("{what} is invalid"));
        Ok(Self {
            header_b64: (*header_b64).to_owned(),
            header,
            encrypted_key: b64::decode(key).ok_or_else(|| bad("JWE Encrypted Key"))?,
            iv: b64::decode(iv).ok_or_else(|| bad("JWE Initialization Vector"))?,
            ciphertext: b64::decode(ciphertext).ok_or_else(|| bad("JWE Ciphertext"))?,
            tag: b64::decode(tag).ok_or_else(|| bad("JWE Authentication Tag"))?,
        })
    }

    /// A header member as a string.
    #[must_use]
    pub fn header_str(&self, name: &str) -> Option<&str> {
        self.header.get(name).and_then(Value::as_str)
    }

    /// The checks jose makes on the header before it needs a key: `alg`/`enc` present,
    /// `dir` has no encrypted key, `zip` is supported (jose 4 inflates `DEF`; jose 6 does not).
    pub fn check_header(&self, zip_supported: bool) -> Result<(), JweError> {
        // jose's `validateCrit` runs first and recognises no extension for JWE.
        if let Some(crit) = self.header.get("crit") {
            let names: Option<Vec<&str>> = crit
                .as_array()
                .filter(|a| !a.is_empty())
                .and_then(|a| a.iter().map(|v| v.as_str().filter(|s| !s.is_empty())).collect());
            return Err(match names {
                Some(names) => {
                    JweError::NotSupported(format!("Extension Header Parameter \"{}\" is not recognized", names[0]))
                }
                None => JweError::Invalid(
                    "\"crit\" (Critical) Header Parameter MUST be an array of non-empty strings when present".into(),
                ),
            });
        }
        let Some(alg) = self.header_str("alg") else {
            return Err(JweError::Invalid("missing JWE Algorithm (alg) in JWE Header".into()));
        };
        if self.header_str("enc").is_none() {
            return Err(JweError::Invalid("missing JWE Encryption Algorithm (enc) in JWE Header".into()));
        }
        if let Some(zip) = self.header.get("zip") {
            if !zip_supported {
                return Err(JweError::NotSupported(
                    "JWE \"zip\" (Compression Algorithm) Header Parameter is not supported.".into(),
                ));
            }
            if zip.as_str() != Some("DEF") {
                return Err(JweError::NotSupported(
                    "Unsupported JWE \"zip\" (Compression Algorithm) Header Parameter value".into(),
                ));
            }
        }
        if alg != "dir" {
            return Err(JweError::NotSupported(format!(
                "Invalid or unsupported JWE \"alg\" (Algorithm) Header Parameter value: {alg}"
            )));
        }
        if !self.encrypted_key.is_empty() {
            return Err(JweError::Invalid("Encountered unexpected JWE Encrypted Key".into()));
        }
        Ok(())
    }

    /// Authenticated decryption with a content key, as jose does after key resolution.
    pub fn decrypt(&self, key: &[u8]) -> Result<Vec<u8>, JweError> {
        let enc = self.header_str("enc").unwrap_or_default();
        let Some(bits) = expected_cek_bits(enc) else {
            return Err(JweError::NotSupported("Unsupported JWE Content Encryption Algorithm".into()));
        };
        if key.len() * 8 != bits {
            return Err(JweError::Invalid(format!(
                "Invalid Content Encryption Key length. Expected {bits} bits, got {} bits",
                key.len() * 8
            )));
        }
        let enc = match enc {
            "A256GCM" => Enc::A256Gcm,
            "A256CBC-HS512" => Enc::A256CbcHs512,
            _ => return Err(JweError::NotSupported(format!("authlab does not implement enc {enc}"))),
        };
        if self.iv.len() != enc.iv_len() {
            return Err(JweError::Invalid("Invalid Initialization Vector length".into()));
        }
        let aad = self.header_b64.as_bytes();
        match enc {
            Enc::A256Gcm => {
                if self.tag.len() != 16 {
                    return Err(JweError::Invalid("Invalid Authentication Tag length".into()));
                }
                gcm_decrypt(key, &self.iv, aad, &self.ciphertext, &self.tag)
            }
            Enc::A256CbcHs512 => cbc_hs512_decrypt(key, &self.iv, aad, &self.ciphertext, &self.tag),
        }
    }

    /// Decrypts **without** checking the tag or the AAD. Never used to accept a token:
    /// only to tell "wrong key" (random bytes) from "right key, altered token" (readable JSON).
    #[must_use]
    pub fn decrypt_unauthenticated(&self, key: &[u8]) -> Option<Vec<u8>> {
        // Chosen by key and IV size, not by the header: the header may be the altered part.
        match (key.len(), self.iv.len()) {
            (32, 12) => {
                // GCM = CTR with the counter block IV || 0x00000002 for the first data block.
                let mut counter = [0u8; 16];
                counter[..12].copy_from_slice(&self.iv);
                counter[15] = 2;
                let mut cipher = ctr::Ctr32BE::<aes::Aes256>::new_from_slices(key, &counter).ok()?;
                let mut buf = self.ciphertext.clone();
                cipher.apply_keystream(&mut buf);
                Some(buf)
            }
            (64, 16) => cbc::Decryptor::<aes::Aes256>::new_from_slices(&key[32..], &self.iv)
                .ok()?
                .decrypt_padded_vec::<Pkcs7>(&self.ciphertext)
                .ok(),
            _ => None,
        }
    }
}

fn gcm_decrypt(key: &[u8], iv: &[u8], aad: &[u8], ciphertext: &[u8], tag: &[u8]) -> Result<Vec<u8>, JweError> {
    let cipher = Aes256Gcm::new_from_slice(key).map_err(|_| JweError::DecryptionFailed)?;
    let nonce = aes_gcm::Nonce::try_from(iv).map_err(|_| JweError::DecryptionFailed)?;
    let tag = aes_gcm::Tag::try_from(tag).map_err(|_| JweError::DecryptionFailed)?;
    let mut buf = ciphertext.to_vec();
    cipher
        .decrypt_inout_detached(&nonce, aad, buf.as_mut_slice().into(), &tag)
        .map_err(|_| JweError::DecryptionFailed)?;
    Ok(buf)
}

fn cbc_hs512_tag(mac_key: &[u8], aad: &[u8], iv: &[u8], ciphertext: &[u8]) -> Option<Vec<u8>> {
    let mut mac = <Hmac<Sha512>>::new_from_slice(mac_key).ok()?;
    mac.update(aad);
    mac.update(iv);
    mac.update(ciphertext);
    mac.update(&((aad.len() as u64) * 8).to_be_bytes());
    Some(mac.finalize().into_bytes()[..32].to_vec())
}

fn cbc_hs512_decrypt(key: &[u8], iv: &[u8], aad: &[u8], ciphertext: &[u8], tag: &[u8]) -> Result<Vec<u8>, JweError> {
    let (mac_key, enc_key) = key.split_at(32);
    let expected = cbc_hs512_tag(mac_key, aad, iv, ciphertext).ok_or(JweError::DecryptionFailed)?;
    if tag.len() != expected.len() || !bool::from(expected.as_slice().ct_eq(tag)) {
        return Err(JweError::DecryptionFailed);
    }
    cbc::Decryptor::<aes::Aes256>::new_from_slices(enc_key, iv)
        .map_err(|_| JweError::DecryptionFailed)?
        .decrypt_padded_vec::<Pkcs7>(ciphertext)
        .map_err(|_| JweError::DecryptionFailed)
}

/// Encrypts `plaintext` into a compact JWE with the given protected header (serialized
/// exactly as given: member order matters for the AAD), key and IV.
pub fn encrypt(header_json: &str, enc: Enc, key: &[u8], iv: &[u8], plaintext: &[u8]) -> Result<String, JweError> {
    if key.len() != enc.key_len() || iv.len() != enc.iv_len() {
        return Err(JweError::Invalid("key or IV of the wrong length".into()));
    }
    let header_b64 = b64::encode(header_json.as_bytes());
    let aad = header_b64.as_bytes();
    let (ciphertext, tag) = match enc {
        Enc::A256Gcm => {
            let cipher = Aes256Gcm::new_from_slice(key).map_err(|_| JweError::DecryptionFailed)?;
            let nonce = aes_gcm::Nonce::try_from(iv).map_err(|_| JweError::DecryptionFailed)?;
            let mut buf = plaintext.to_vec();
            let tag = cipher
                .encrypt_inout_detached(&nonce, aad, buf.as_mut_slice().into())
                .map_err(|_| JweError::DecryptionFailed)?;
            (buf, tag.to_vec())
        }
        Enc::A256CbcHs512 => {
            let (mac_key, enc_key) = key.split_at(32);
            let ciphertext = cbc::Encryptor::<aes::Aes256>::new_from_slices(enc_key, iv)
                .map_err(|_| JweError::DecryptionFailed)?
                .encrypt_padded_vec::<Pkcs7>(plaintext);
            let tag = cbc_hs512_tag(mac_key, aad, iv, &ciphertext).ok_or(JweError::DecryptionFailed)?;
            (ciphertext, tag)
        }
    };
    Ok(format!("{header_b64}..{}.{}.{}", b64::encode(iv), b64::encode(&ciphertext), b64::encode(&tag)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        let s: String = s.split_whitespace().collect();
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }

    /// RFC 7518 Appendix B.3: `AES_256_CBC_HMAC_SHA_512`.
    #[test]
    fn rfc7518_b3_a256cbc_hs512() {
        let key = unhex(
            "00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f
             20 21 22 23 24 25 26 27 28 29 2a 2b 2c 2d 2e 2f 30 31 32 33 34 35 36 37 38 39 3a 3b 3c 3d 3e 3f",
        );
        let plaintext = unhex(
            "41 20 63 69 70 68 65 72 20 73 79 73 74 65 6d 20 6d 75 73 74 20 6e 6f 74 20 62 65 20 72 65 71 75
             69 72 65 64 20 74 6f 20 62 65 20 73 65 63 72 65 74 2c 20 61 6e 64 20 69 74 20 6d 75 73 74 20 62
             65 20 61 62 6c 65 20 74 6f 20 66 61 6c 6c 20 69 6e 74 6f 20 74 68 65 20 68 61 6e 64 73 20 6f 66
             20 74 68 65 20 65 6e 65 6d 79 20 77 69 74 68 6f 75 74 20 69 6e 63 6f 6e 76 65 6e 69 65 6e 63 65",
        );
        let iv = unhex("1a f3 8c 2d c2 b9 6f fd d8 66 94 09 23 41 bc 04");
        let aad = unhex(
            "54 68 65 20 73 65 63 6f 6e 64 20 70 72 69 6e 63 69 70 6c 65 20 6f 66 20 41 75 67 75 73 74 65 20
             4b 65 72 63 6b 68 6f 66 66 73",
        );
        let expected_ct = unhex(
            "4a ff aa ad b7 8c 31 c5 da 4b 1b 59 0d 10 ff bd 3d d8 d5 d3 02 42 35 26 91 2d a0 37 ec bc c7 bd
             82 2c 30 1d d6 7c 37 3b cc b5 84 ad 3e 92 79 c2 e6 d1 2a 13 74 b7 7f 07 75 53 df 82 94 10 44 6b
             36 eb d9 70 66 29 6a e6 42 7e a7 5c 2e 08 46 a1 1a 09 cc f5 37 0d c8 0b fe cb ad 28 c7 3f 09 b3
             a3 b7 5e 66 2a 25 94 41 0a e4 96 b2 e2 e6 60 9e 31 e6 e0 2c c8 37 f0 53 d2 1f 37 ff 4f 51 95 0b
             be 26 38 d0 9d d7 a4 93 09 30 80 6d 07 03 b1 f6",
        );
        let expected_tag =
            unhex("4d d3 b4 c0 88 a7 f4 5c 21 68 39 64 5b 20 12 bf 2e 62 69 a8 c5 6a 81 6d bc 1b 26 77 61 95 5b c5");
        let ct = cbc::Encryptor::<aes::Aes256>::new_from_slices(&key[32..], &iv)
            .unwrap()
            .encrypt_padded_vec::<Pkcs7>(&plaintext);
        assert_eq!(ct, expected_ct);
        assert_eq!(cbc_hs512_tag(&key[..32], &aad, &iv, &ct).unwrap(), expected_tag);
        assert_eq!(cbc_hs512_decrypt(&key, &iv, &aad, &ct, &expected_tag).unwrap(), plaintext);
        let mut bad_tag = expected_tag.clone();
        bad_tag[0] ^= 1;
        assert_eq!(cbc_hs512_decrypt(&key, &iv, &aad, &ct, &bad_tag), Err(JweError::DecryptionFailed));
    }

    #[test]
    fn gcm_round_trip_and_unauthenticated_pass_agree() {
        let key = [7u8; 32];
        let iv = [9u8; 12];
        let token = encrypt(r#"{"alg":"dir","enc":"A256GCM"}"#, Enc::A256Gcm, &key, &iv, br#"{"a":1}"#).unwrap();
        let jwe = CompactJwe::parse(&token).unwrap();
        assert_eq!(jwe.decrypt(&key).unwrap(), br#"{"a":1}"#);
        assert_eq!(jwe.decrypt_unauthenticated(&key).unwrap(), br#"{"a":1}"#);
        assert_eq!(jwe.decrypt(&[8u8; 32]), Err(JweError::DecryptionFailed));
    }

    #[test]
    fn wrong_key_length_is_jose_key_length_error() {
        let token = encrypt(r#"{"alg":"dir","enc":"A256GCM"}"#, Enc::A256Gcm, &[1; 32], &[2; 12], b"{}").unwrap();
        let jwe = CompactJwe::parse(&token).unwrap();
        assert_eq!(
            jwe.decrypt(&[1; 64]).unwrap_err().message(),
            "Invalid Content Encryption Key length. Expected 256 bits, got 512 bits"
        );
    }

    #[test]
    fn parse_rejects_non_jwe_shapes() {
        for input in ["", "a.b.c", "a.b.c.d.e.f", "uuid-like-value"] {
            assert_eq!(CompactJwe::parse(input).unwrap_err().message(), "Invalid Compact JWE", "{input}");
        }
        assert_eq!(CompactJwe::parse("bm90anNvbg....").unwrap_err().message(), "JWE Protected Header is invalid");
    }
}
