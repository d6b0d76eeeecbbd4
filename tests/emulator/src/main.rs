//! atlas-emulator: a local stand-in for the MongoDB Atlas Administration API, keeping its contract
//! (paths, media types, status codes, the Digest challenge, error bodies) for Keymint's tests and demo.
//!
//! Usage: atlas-emulator [--port N] [--gov] [--cors] [--nonce-ttl-secs N] [--token-ttl-secs N]
//!        [--seed FILE] [--latency-ms N] [--no-nonce-reuse]
//!        [--enforce-access-lists | --require-access-lists] [--seen-address IP]
//! Prints one JSON line on stdout with its URL and the seeded credentials, then logs requests to stderr
//! (method, path, status: never a secret).

mod api;
mod auth;
mod guesses;
mod lifecycle;
mod state;

use api::{App, DropConnection, PeerAddr};
use axum::body::Body;
use axum::http::Request;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use serde_json::json;
use state::{Faults, Seed, Store};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{Mutex, Notify};

struct Args {
    port: u16,
    gov: bool,
    cors: bool,
    nonce_ttl: u64,
    token_ttl: u64,
    seed: Option<String>,
    latency_ms: u64,
    nonce_reuse: bool,
    access_mode: lifecycle::AccessMode,
    seen_address: Option<std::net::IpAddr>,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        port: 0,
        gov: false,
        cors: false,
        nonce_ttl: guesses::NONCE_TTL_SECS,
        token_ttl: 3600,
        seed: None,
        latency_ms: 0,
        nonce_reuse: true,
        access_mode: lifecycle::AccessMode::Off,
        seen_address: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut num = |name: &str| -> Result<u64, String> {
            it.next()
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| format!("{name} needs a number"))
        };
        match flag.as_str() {
            "--port" => {
                a.port =
                    u16::try_from(num("--port")?).map_err(|_| "--port out of range".to_string())?
            }
            "--gov" => a.gov = true,
            "--cors" => a.cors = true,
            "--nonce-ttl-secs" => a.nonce_ttl = num("--nonce-ttl-secs")?,
            "--token-ttl-secs" => a.token_ttl = num("--token-ttl-secs")?,
            "--latency-ms" => a.latency_ms = num("--latency-ms")?,
            "--no-nonce-reuse" => a.nonce_reuse = false,
            "--seed" => a.seed = Some(it.next().ok_or("--seed needs a file")?),
            // Calls signed by a key with a non-empty access list must come from an address on it.
            "--enforce-access-lists" => a.access_mode = lifecycle::AccessMode::WhenListed,
            // The organization requires access lists: every key's calls must come from a listed address.
            "--require-access-lists" => a.access_mode = lifecycle::AccessMode::OrgRequires,
            "--seen-address" => {
                a.seen_address = Some(
                    it.next()
                        .as_deref()
                        .and_then(lifecycle::parse_address)
                        .ok_or("--seen-address needs an IP address")?,
                )
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(a)
}

#[tokio::main]
async fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("atlas-emulator: {e}");
            std::process::exit(2);
        }
    };
    let seed: Seed = match &args.seed {
        None => Seed::default(),
        Some(path) => match std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
        {
            Ok(s) => s,
            Err(e) => {
                eprintln!("atlas-emulator: cannot read seed {path}: {e}");
                std::process::exit(2);
            }
        },
    };
    let listener = match TcpListener::bind(("127.0.0.1", args.port)).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "atlas-emulator: cannot listen on 127.0.0.1:{}: {e}",
                args.port
            );
            std::process::exit(1);
        }
    };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(args.port);
    let url = format!("http://127.0.0.1:{port}");
    let line = json!({
        "event": "listening",
        "url": url,
        "mode": if args.gov { "gov" } else { "atlas" },
        "orgId": seed.org_id,
        "projectId": seed.project_id,
        "otherProjectId": seed.other_project_id,
        "apiKeys": seed.api_keys,
        "serviceAccounts": seed.service_accounts,
    });
    println!("{line}");
    let mut store = Store::new(
        seed,
        url,
        args.gov,
        Duration::from_secs(args.nonce_ttl),
        Duration::from_secs(args.token_ttl),
    );
    store.nonces.reuse = args.nonce_reuse;
    store
        .access
        .set_startup(args.access_mode, args.seen_address);
    store.faults = Faults {
        latency_ms: args.latency_ms,
        ..Faults::default()
    };
    let app = Arc::new(App {
        store: Mutex::new(store),
        cors: args.cors,
    });

    loop {
        let Ok((stream, peer)) = listener.accept().await else {
            continue;
        };
        let app = app.clone();
        tokio::spawn(async move {
            let dropper = Arc::new(Notify::new());
            let signal = DropConnection(dropper.clone());
            let svc = tower::service_fn(move |mut req: Request<hyper::body::Incoming>| {
                let app = app.clone();
                req.extensions_mut().insert(signal.clone());
                req.extensions_mut().insert(PeerAddr(peer.ip()));
                async move {
                    Ok::<_, std::convert::Infallible>(api::handle(app, req.map(Body::new)).await)
                }
            });
            let conn = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), TowerToHyperService::new(svc));
            // Dropping the connection future closes the socket with no answer written: the "lost response" fault.
            tokio::select! {
                _ = conn => {}
                _ = dropper.notified() => {}
            }
        });
    }
}
