//! Criterion benchmarks: decode and mint (v4, v5), a full `diagnose` with the cause search,
//! chunk reassembly of a 4-chunk cookie, and (with the `gui` feature) one whole-app GUI frame
//! (Decode tab on the bundled example's sample cookie, and the Mint tab showing a 4-cookie session).
//!
//! `cargo bench --bench core`

use std::hint::black_box;

use authlab::config::{Config, SecretEntry};
use authlab::cookie::{self, Input};
use authlab::token::Flavor;
use authlab::token::nextauth::{self, MintParams};
use authlab::{UnixTime, diagnose};
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Map, Value, json};

const NOW: UnixTime = UnixTime(1_767_229_200);

fn claims(extra_bytes: usize) -> Map<String, Value> {
    let mut m = json!({"name": "Ada Example", "email": "ada@example.com", "sub": "1001"}).as_object().cloned().unwrap();
    if extra_bytes > 0 {
        m.insert("accessToken".into(), Value::from("a".repeat(extra_bytes)));
    }
    m
}

fn mint(flavor: Flavor, secret: &str, salt: &str, extra: usize) -> String {
    let iv = [3u8; 16];
    nextauth::encode(
        flavor,
        &MintParams {
            claims: claims(extra),
            secret,
            salt,
            max_age_secs: 2_592_000,
            now: NOW,
            iv: if flavor == Flavor::V4 { &iv[..12] } else { &iv },
            jti: nextauth::uuid_v4([1; 16]),
        },
    )
    .expect("mint")
}

fn bench(c: &mut Criterion) {
    let v4 = mint(Flavor::V4, "bench-secret", "", 0);
    let v5 = mint(Flavor::V5, "bench-secret", "authjs.session-token", 0);
    c.bench_function("decode_v4", |b| {
        b.iter(|| nextauth::library_decode(Flavor::V4, black_box(&v4), &["bench-secret"], "", NOW).expect("ok"));
    });
    c.bench_function("decode_v5", |b| {
        b.iter(|| {
            nextauth::library_decode(Flavor::V5, black_box(&v5), &["bench-secret"], "authjs.session-token", NOW)
                .expect("ok")
        });
    });
    c.bench_function("mint_v4", |b| b.iter(|| mint(Flavor::V4, black_box("bench-secret"), "", 0)));
    c.bench_function("mint_v5", |b| b.iter(|| mint(Flavor::V5, black_box("bench-secret"), "authjs.session-token", 0)));

    // The expensive path: a wrong secret makes diagnose search every salt and version.
    let config =
        Config { version: Flavor::V5, secrets: vec![SecretEntry::literal("another-secret")], ..Config::default() };
    let input = Input::token(v5.clone());
    c.bench_function("diagnose_v5_wrong_secret_full_search", |b| b.iter(|| diagnose(&config, black_box(&input), NOW)));
    let config_v4 =
        Config { version: Flavor::V4, secrets: vec![SecretEntry::literal("another-secret")], ..Config::default() };
    let input_v4 = Input::token(v4.clone());
    c.bench_function("diagnose_v4_wrong_secret_full_search", |b| {
        b.iter(|| diagnose(&config_v4, black_box(&input_v4), NOW));
    });

    let big = mint(Flavor::V5, "bench-secret", "authjs.session-token", 11_000);
    let chunks = cookie::chunk("authjs.session-token", &big, Flavor::V5);
    assert_eq!(chunks.len(), 4, "the benchmark wants a 4-chunk cookie");
    let header = cookie::cookie_header(&chunks);
    c.bench_function("reassemble_4_chunks", |b| {
        b.iter(|| {
            cookie::assemble(&cookie::parse_cookie_header(black_box(&header)), "authjs.session-token", Flavor::V5)
        });
    });

    #[cfg(feature = "gui")]
    {
        use authlab::gui::AuthlabApp;
        use authlab::gui::app::Clock;
        let ctx = egui::Context::default();
        let mut app = AuthlabApp::new(None, Clock::Fixed(NOW));
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1400.0, 900.0))),
            ..Default::default()
        };
        // Warm up the layout caches once, as a running app has them.
        let _ = ctx.run_ui(input.clone(), |ui| app.ui_root(ui));
        c.bench_function("gui_frame_whole_app", |b| b.iter(|| ctx.run_ui(input.clone(), |ui| app.ui_root(ui))));

        // The Mint tab showing a 4-cookie OAuth session with every output.
        let mut mint_app = AuthlabApp::new(None, Clock::Fixed(NOW));
        mint_app.tab = authlab::gui::app::Tab::Mint;
        mint_app.doc.mint.oauth_sizes = [3_000, 500, 6_000];
        mint_app.doc.mint.apply_preset(mint_app.doc.mint.oauth_preset(), NOW);
        let random = authlab::mint::form::MintRandomness { iv: [1; 16], jti: [2; 16] };
        let minted = mint_app.doc.mint.mint(&mint_app.doc.config, NOW, &random).expect("mint");
        mint_app.minted = Some(Ok(minted));
        let mint_ctx = egui::Context::default();
        let _ = mint_ctx.run_ui(input.clone(), |ui| mint_app.ui_root(ui));
        c.bench_function("gui_frame_mint_tab_4_chunks", |b| {
            b.iter(|| mint_ctx.run_ui(input.clone(), |ui| mint_app.ui_root(ui)));
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
