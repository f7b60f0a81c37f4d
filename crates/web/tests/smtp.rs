//! E-mail over SMTP: with `smtp_url` set, messages go to the SMTP server instead of the mailbox
//! folder. The server here is a minimal SMTP sink on a random port, speaking the protocol.

mod common;

use common::*;
use pms_domain::Clock;
use serde_json::json;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// Accepts SMTP sessions and keeps each message's envelope recipient and data.
async fn smtp_sink() -> (u16, Arc<Mutex<Vec<(String, String)>>>) {
    smtp_sink_on(0).await
}

async fn smtp_sink_on(port: u16) -> (u16, Arc<Mutex<Vec<(String, String)>>>) {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let received = Arc::new(Mutex::new(Vec::new()));
    let store = received.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let store = store.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 sink ESMTP\r\n").await.ok();
                let (mut rcpt, mut data, mut in_data) = (String::new(), String::new(), false);
                while let Ok(Some(line)) = lines.next_line().await {
                    if in_data {
                        if line == "." {
                            in_data = false;
                            store.lock().unwrap().push((rcpt.clone(), std::mem::take(&mut data)));
                            write.write_all(b"250 queued\r\n").await.ok();
                        } else {
                            data.push_str(line.strip_prefix('.').unwrap_or(&line));
                            data.push('\n');
                        }
                        continue;
                    }
                    let verb = line.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250-sink\r\n250 8BITMIME\r\n",
                        "RCPT" => {
                            rcpt = line.split(['<', '>']).nth(1).unwrap_or_default().to_string();
                            b"250 ok\r\n"
                        }
                        "DATA" => {
                            in_data = true;
                            b"354 go ahead\r\n"
                        }
                        "QUIT" => {
                            write.write_all(b"221 bye\r\n").await.ok();
                            break;
                        }
                        _ => b"250 ok\r\n",
                    };
                    write.write_all(reply).await.ok();
                }
            });
        }
    });
    (port, received)
}

#[tokio::test]
async fn verification_codes_are_delivered_over_smtp() {
    let (port, received) = smtp_sink().await;
    let app = TestApp::spawn_with(|c| c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))).await;
    let (status, body) = app
        .send(
            reqwest::Method::POST,
            "/v1/partnermanager/self-registration",
            None,
            Some(legacy(json!({
                "username": "device-maker", "organizationName": "Device Maker", "partnerType": "Device_Provider",
                "firstName": "Lea", "lastName": "Martin", "emailId": "lea@device-maker.example",
                "contactNumber": "+33 1234 5678", "address": "2 Rue Haute", "langCode": "fra",
                "password": "correct horse 42", "termsAccepted": true
            }))),
        )
        .await;
    assert_eq!((status.as_u16(), error_code(&body)), (200, None), "{body}");
    assert!(received.lock().unwrap().is_empty(), "the request does not wait for the mail server");
    app.deliver().await;

    let messages = received.lock().unwrap().clone();
    assert_eq!(messages.len(), 1, "one message reached the SMTP server");
    let (recipient, data) = &messages[0];
    assert_eq!(recipient, "lea@device-maker.example");
    assert!(data.contains("Subject:"), "{data}");
    let code =
        regex::Regex::new(r"(?m)^\s*(\d{6})\s*$").unwrap().captures(data).expect("code on its own line")[1].to_string();
    assert!(app.mailbox().await.is_empty(), "nothing is written to the mailbox folder when SMTP is configured");

    let (_, body) = app
        .send(
            reqwest::Method::POST,
            "/v1/partnermanager/self-registration/verify",
            None,
            Some(legacy(json!({"emailId": "lea@device-maker.example", "otp": code}))),
        )
        .await;
    assert_eq!(body["response"]["status"], "pending_approval", "{body}");
    // The "registration received" message followed over SMTP too.
    app.deliver().await;
    assert_eq!(received.lock().unwrap().len(), 2);
}

/// The e-mail deliveries of the delivery log, newest first.
async fn email_deliveries(app: &TestApp) -> Vec<serde_json::Value> {
    let admin = app.admin_token().await;
    let (_, body) = app.get("/v1/pms/deliveries?kind=email", &admin).await;
    body["response"]["data"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn a_sign_up_while_smtp_is_down_succeeds_and_its_code_arrives_when_smtp_is_back() {
    // Nothing listens on this port yet.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let app = TestApp::spawn_with(|c| c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))).await;
    let (status, body) = app
        .send(
            reqwest::Method::POST,
            "/v1/partnermanager/self-registration",
            None,
            Some(legacy(json!({
                "username": "device-maker", "organizationName": "Device Maker", "partnerType": "Device_Provider",
                "firstName": "Lea", "lastName": "Martin", "emailId": "lea@device-maker.example",
                "contactNumber": "+33 1234 5678", "address": "2 Rue Haute", "password": "correct horse 42", "termsAccepted": true
            }))),
        )
        .await;
    assert_eq!((status.as_u16(), error_code(&body)), (200, None), "the sign-up does not depend on SMTP: {body}");

    // The first attempt fails and is retried within a minute.
    app.deliver().await;
    let log = email_deliveries(&app).await;
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!((log[0]["status"].as_str(), log[0]["attempts"].as_i64()), (Some("pending"), Some(1)), "{log:?}");
    assert_eq!(log[0]["target"], "lea@device-maker.example");
    assert!(log[0]["lastError"].as_str().is_some_and(|e| !e.is_empty()), "{log:?}");
    let next: chrono::DateTime<chrono::Utc> = log[0]["nextAttemptAt"].as_str().unwrap().parse().unwrap();
    assert!(next > app.clock.now() && next <= app.clock.now() + chrono::Duration::minutes(1), "{next}");
    // Not due yet: nothing is attempted.
    app.deliver().await;
    assert_eq!(email_deliveries(&app).await[0]["attempts"], 1);

    // SMTP is back; once the retry is due the code arrives.
    let (_, received) = smtp_sink_on(port).await;
    app.clock.advance(chrono::Duration::minutes(1));
    app.deliver().await;
    let messages = received.lock().unwrap().clone();
    assert_eq!(messages.len(), 1, "the code arrived");
    let log = email_deliveries(&app).await;
    assert_eq!((log[0]["status"].as_str(), log[0]["attempts"].as_i64()), (Some("delivered"), Some(2)), "{log:?}");
    let code =
        regex::Regex::new(r"(?m)^\s*(\d{6})\s*$").unwrap().captures(&messages[0].1).expect("code")[1].to_string();
    let (_, body) = app
        .send(
            reqwest::Method::POST,
            "/v1/partnermanager/self-registration/verify",
            None,
            Some(legacy(json!({"emailId": "lea@device-maker.example", "otp": code}))),
        )
        .await;
    assert_eq!(error_code(&body), None, "the code still works: {body}");
}
