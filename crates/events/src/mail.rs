//! Outgoing e-mail: SMTP when `PMS_SMTP_URL` is set, otherwise `.eml` files in the mailbox folder
//! under the data directory, so that every flow works on a machine without a mail server.

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use pms_service::Config;
use std::path::PathBuf;

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Folder(AsyncFileTransport<Tokio1Executor>, PathBuf),
}

pub struct Mailer {
    transport: Transport,
    from: Mailbox,
}

impl Mailer {
    pub fn new(config: &Config) -> Result<Mailer, String> {
        let from: Mailbox =
            config.smtp_from.parse().map_err(|e| format!("smtp_from {:?} is not an address: {e}", config.smtp_from))?;
        let transport = match config.smtp_url.as_deref().filter(|u| !u.trim().is_empty()) {
            Some(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("smtp_url is not usable: {e}"))?
                    .build(),
            ),
            None => {
                let dir = config.mailbox_dir();
                std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
                Transport::Folder(AsyncFileTransport::new(&dir), dir)
            }
        };
        Ok(Mailer { transport, from })
    }

    /// Where development e-mails land, if they are written to files.
    pub fn mailbox_dir(&self) -> Option<&PathBuf> {
        match &self.transport {
            Transport::Folder(_, dir) => Some(dir),
            Transport::Smtp(_) => None,
        }
    }

    /// Sends a plain-text message. The body is quoted-printable so that codes and links stay
    /// readable in the raw message whatever the language.
    pub async fn send(&self, to: &str, subject: &str, text: &str) -> Result<(), String> {
        let to: Mailbox = to.parse().map_err(|e| format!("bad recipient: {e}"))?;
        let body = Body::new_with_encoding(text.to_string(), ContentTransferEncoding::QuotedPrintable)
            .map_err(|_| "body cannot be encoded".to_string())?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to.clone())
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| e.to_string())?;
        match &self.transport {
            Transport::Smtp(smtp) => {
                smtp.send(message).await.map_err(|e| e.to_string())?;
                tracing::info!(to = %to.email, subject, "e-mail sent");
            }
            Transport::Folder(folder, dir) => {
                let id = folder.send(message).await.map_err(|e| e.to_string())?;
                let file = dir.join(format!("{id}.eml"));
                tracing::info!(to = %to.email, subject, file = %file.display(), "e-mail written to the mailbox folder");
            }
        }
        Ok(())
    }
}
