//! HTTP receivers for delivery tests: a real server on a loopback port that records every request
//! and answers as its script says (a status, an echo of `hub.challenge`, or no answer at all).

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use std::sync::{Arc, Mutex};

/// One request the receiver got.
#[derive(Debug, Clone)]
pub struct Hit {
    pub method: Method,
    pub uri: Uri,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Hit {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
    }

    pub fn query(&self, name: &str) -> Option<String> {
        let query = self.uri.query().unwrap_or_default();
        url_pairs(query).into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

fn url_pairs(query: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str(query).unwrap_or_default()
}

/// How the receiver answers a request.
#[derive(Debug, Clone, Copy)]
pub enum Answer {
    Status(u16),
    /// 200 with the `hub.challenge` of the query as the body (WebSub verification of intent).
    Echo,
    /// Never answers (the delivery's timeout ends the attempt).
    Hang,
}

type Script = dyn Fn(usize, &Hit) -> Answer + Send + Sync;

pub struct Receiver {
    pub url: String,
    hits: Arc<Mutex<Vec<Hit>>>,
}

impl Receiver {
    /// Starts a receiver; `script(n, hit)` answers the `n`-th request (from 0).
    pub async fn start(script: impl Fn(usize, &Hit) -> Answer + Send + Sync + 'static) -> Receiver {
        let hits: Arc<Mutex<Vec<Hit>>> = Arc::default();
        let script: Arc<Script> = Arc::new(script);
        let recorded = hits.clone();
        let app = axum::Router::new().fallback(move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
            let (hits, script) = (recorded.clone(), script.clone());
            async move {
                let hit = Hit { method, uri, headers, body };
                let n = {
                    let mut all = hits.lock().unwrap();
                    all.push(hit.clone());
                    all.len() - 1
                };
                respond(script(n, &hit), &hit).await
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}/hook", listener.local_addr().expect("address"));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Receiver { url, hits }
    }

    /// Answers `status` to everything.
    pub async fn answering(status: u16) -> Receiver {
        Receiver::start(move |_, _| Answer::Status(status)).await
    }

    pub fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }

    /// The POSTs it got (event deliveries), oldest first.
    pub fn posts(&self) -> Vec<Hit> {
        self.hits().into_iter().filter(|h| h.method == Method::POST).collect()
    }
}

async fn respond(answer: Answer, hit: &Hit) -> Response {
    match answer {
        Answer::Status(code) => StatusCode::from_u16(code).unwrap_or(StatusCode::OK).into_response(),
        Answer::Echo => (StatusCode::OK, hit.query("hub.challenge").unwrap_or_default()).into_response(),
        Answer::Hang => {
            // Longer than any delivery timeout in the tests; the worker gives up first.
            tokio::time::sleep(std::time::Duration::from_secs(120)).await;
            StatusCode::OK.into_response()
        }
    }
}

/// `sha256=<hex HMAC-SHA256 of body under secret>`, computed here independently of the server.
pub fn signature(secret: &str, body: &[u8]) -> String {
    use hmac::{KeyInit, Mac};
    let mut mac = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}
