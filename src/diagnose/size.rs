//! How big the session is and what makes it big: the value, its chunks, each claim's
//! share of the bytes, and the request's `Cookie` header against common limits.

use serde_json::{Map, Value};

use super::explain::{Fact, OversizeKind};
use crate::cookie::{ChunkRow, Cookie};

/// Browsers' per-cookie limit (name + value + attributes), RFC 6265's minimum.
pub const COOKIE_LIMIT_BYTES: usize = 4096;
/// nginx's default header buffer (`large_client_header_buffers 4 8k`).
pub const HEADER_LIMIT_8K: usize = 8 * 1024;
/// Node.js's default `--max-http-header-size`.
pub const HEADER_LIMIT_16K: usize = 16 * 1024;

/// One claim's share.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ClaimShare {
    /// Claim name.
    pub name: String,
    /// Bytes of `"name":value` in the JSON payload.
    pub bytes: usize,
    /// Share of the payload, percent (one decimal).
    pub percent: f64,
}

/// The size analysis.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SizeReport {
    /// The (joined) token, characters.
    pub value_chars: usize,
    /// How many cookies carried it (1 when not chunked; 0 for a bare token).
    pub chunk_count: usize,
    /// The request's `Cookie` header as the browser would send it, bytes (when cookies were given).
    pub cookie_header_bytes: Option<usize>,
    /// The decrypted payload (claims JSON), bytes.
    pub payload_bytes: Option<usize>,
    /// Claims, largest first.
    pub claims: Vec<ClaimShare>,
}

/// Builds the report and the `cookie.oversize` facts.
#[must_use]
pub fn analyse(
    token: &str,
    chunks: &[ChunkRow],
    cookies: Option<&[Cookie]>,
    claims: Option<&Map<String, Value>>,
) -> (SizeReport, Vec<Fact>) {
    let mut facts = Vec::new();
    let header_bytes = cookies.map(|all| {
        let pairs: usize = all.iter().map(|c| c.name.len() + 1 + c.value.len()).sum();
        pairs + all.len().saturating_sub(1) * 2
    });
    if let Some(all) = cookies {
        for c in all {
            let bytes = c.name.len() + 1 + c.value.len();
            if bytes > COOKIE_LIMIT_BYTES {
                facts.push(Fact::Oversize {
                    kind: OversizeKind::Cookie,
                    name: c.name.clone(),
                    bytes,
                    limit: COOKIE_LIMIT_BYTES,
                });
            }
        }
    }
    if let Some(bytes) = header_bytes {
        if bytes > HEADER_LIMIT_16K {
            facts.push(Fact::Oversize {
                kind: OversizeKind::Header16k,
                name: "Cookie".into(),
                bytes,
                limit: HEADER_LIMIT_16K,
            });
        } else if bytes > HEADER_LIMIT_8K {
            facts.push(Fact::Oversize {
                kind: OversizeKind::Header8k,
                name: "Cookie".into(),
                bytes,
                limit: HEADER_LIMIT_8K,
            });
        }
    }
    let payload_bytes = claims.map(|c| serde_json::to_vec(c).map_or(0, |v| v.len()));
    let mut shares: Vec<ClaimShare> = claims
        .into_iter()
        .flatten()
        .map(|(name, value)| {
            let bytes = serde_json::to_string(name).map_or(0, |s| s.len())
                + 1
                + serde_json::to_string(value).map_or(0, |s| s.len());
            let total = payload_bytes.unwrap_or(0).max(1) as f64;
            ClaimShare { name: name.clone(), bytes, percent: (bytes as f64 * 1000.0 / total).round() / 10.0 }
        })
        .collect();
    shares.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.name.cmp(&b.name)));
    let report = SizeReport {
        value_chars: token.chars().count(),
        chunk_count: chunks.len(),
        cookie_header_bytes: header_bytes,
        payload_bytes,
        claims: shares,
    };
    (report, facts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cookie(name: &str, len: usize) -> Cookie {
        Cookie { name: name.into(), value: "v".repeat(len) }
    }

    #[test]
    fn claim_shares_add_up_and_sort_largest_first() {
        let claims = json!({"sub": "1", "idToken": "x".repeat(300)}).as_object().cloned().unwrap();
        let (report, facts) = analyse("t", &[], None, Some(&claims));
        assert!(facts.is_empty());
        assert_eq!(report.claims[0].name, "idToken");
        assert_eq!(report.claims[0].bytes, 9 + 1 + 302);
        assert_eq!(report.payload_bytes, Some(serde_json::to_vec(&claims).unwrap().len()));
        let sum: usize = report.claims.iter().map(|c| c.bytes).sum();
        assert_eq!(sum + 1 + 2, report.payload_bytes.unwrap(), "braces and one comma");
    }

    #[test]
    fn limits_4096_per_cookie_and_8k_16k_per_header() {
        let (_, facts) = analyse("t", &[], Some(&[cookie("a", 4094)]), None);
        assert!(facts.is_empty(), "4096 bytes exactly is fine");
        let (_, facts) = analyse("t", &[], Some(&[cookie("a", 4095)]), None);
        assert!(matches!(facts[..], [Fact::Oversize { kind: OversizeKind::Cookie, bytes: 4097, .. }]));
        let three = [cookie("a.0", 3000), cookie("a.1", 3000), cookie("a.2", 3000)];
        let (report, facts) = analyse("t", &[], Some(&three), None);
        assert_eq!(report.cookie_header_bytes, Some(3 * 3004 + 4));
        assert!(matches!(facts[..], [Fact::Oversize { kind: OversizeKind::Header8k, .. }]));
        let six: Vec<Cookie> = (0..6).map(|i| cookie(&format!("a.{i}"), 3000)).collect();
        let (_, facts) = analyse("t", &[], Some(&six), None);
        assert!(matches!(facts[..], [Fact::Oversize { kind: OversizeKind::Header16k, .. }]));
    }
}
