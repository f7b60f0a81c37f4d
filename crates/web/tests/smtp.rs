//! E-mail over SMTP: with `smtp_url` set, messages go to the SMTP server instead of the mailbox
//! folder. The server here is a minimal SMTP sink on a random port, speaking the protocol.

mod common;

use common::*;
use serde_json::json;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// Accepts SMTP sessions and keeps each message's envelope recipient and data.
async fn smtp_sink() -> (u16, Arc<Mutex<Vec<(String, String)>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
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

    let messages = received.lock().unwrap().clone();
    assert_eq!(messages.len(), 1, "one message reached the SMTP server");
    let (recipient, data) = &messages[0];
    assert_eq!(recipient, "lea@device-maker.example");
    assert!(data.contains("Subject:"), "{data}");
    let code =
        regex::Regex::new(r"(?m)^\s*(\d{6})\s*$").unwrap().captures(data).expect("code on its own line")[1].to_string();
    assert!(app.mailbox().is_empty(), "nothing is written to the mailbox folder when SMTP is configured");

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
    assert_eq!(received.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn an_unreachable_smtp_server_is_reported_and_the_code_can_be_resent() {
    // Nothing listens on this port.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let app = TestApp::spawn_with(|c| {
        c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
        c.otp_resend_cooldown_seconds = 0;
    })
    .await;
    let (_, body) = app
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
    assert_eq!(error_code(&body).as_deref(), Some("PMS_REG_006"), "{body}");
    let (_, body) = app
        .send(
            reqwest::Method::POST,
            "/v1/partnermanager/self-registration/resend",
            None,
            Some(legacy(json!({"emailId": "lea@device-maker.example"}))),
        )
        .await;
    assert_eq!(
        error_code(&body).as_deref(),
        Some("PMS_REG_006"),
        "the pending registration is kept for a resend: {body}"
    );
}
