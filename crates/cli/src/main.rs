//! `pms`: one binary for the whole Partner Management System.

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use pms_domain::account::AccountAction;
use pms_service::auth::Bootstrap;
use pms_service::{Config, Ctx, Services};
use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

#[derive(Parser)]
#[command(name = "pms", version, about = "Partner Management System (MOSIP-compatible)")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (API and portal); migrates the database first.
    Serve {
        #[command(flatten)]
        common: Common,
        /// Address to listen on [env: PMS_LISTEN] [default: 127.0.0.1:8080]
        #[arg(long)]
        listen: Option<String>,
    },
    /// Create or upgrade the database schema, then exit.
    Migrate {
        #[command(flatten)]
        common: Common,
    },
    /// Manage login users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage the trust store (CA certificates of the partner domains).
    Trust {
        #[command(subcommand)]
        command: TrustCommand,
    },
    /// Manage webhook subscribers of PMS's events.
    Webhook {
        #[command(subcommand)]
        command: WebhookCommand,
    },
    /// Inspect, retry and replay deliveries of events and e-mails.
    Delivery {
        #[command(subcommand)]
        command: DeliveryCommand,
    },
    /// Export the audit trail.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
}

#[derive(Subcommand)]
enum WebhookCommand {
    /// Subscribe a URL to one or more topics; deliveries are signed with the secret
    /// (`X-PMS-Signature: sha256=<hex HMAC-SHA256 of the body>`).
    Add {
        #[command(flatten)]
        common: Common,
        #[arg(long)]
        url: String,
        /// PARTNER_UPDATED, POLICY_UPDATED, CA_CERTIFICATE_UPLOADED, APIKEY_APPROVED or APIKEY_UPDATED; repeat for several.
        #[arg(long = "topic", required = true)]
        topics: Vec<String>,
        /// 16 to 200 characters.
        #[arg(long)]
        secret: String,
        #[arg(long)]
        description: Option<String>,
    },
    /// List webhooks and their topics.
    List {
        #[command(flatten)]
        common: Common,
    },
    /// Remove a webhook; deliveries still waiting for it are given up.
    Remove {
        #[command(flatten)]
        common: Common,
        id: String,
    },
}

#[derive(Subcommand)]
enum DeliveryCommand {
    /// The newest deliveries, optionally only those of one status (pending, delivered, dead).
    List {
        #[command(flatten)]
        common: Common,
        #[arg(long)]
        status: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u64,
    },
    /// Queue a delivery (a dead letter, or one waiting for a retry) again now.
    Retry {
        #[command(flatten)]
        common: Common,
        id: String,
    },
    /// Queue again the events written from a time on, for today's subscribers.
    Replay {
        #[command(flatten)]
        common: Common,
        /// RFC 3339, e.g. 2026-12-01T00:00:00Z.
        #[arg(long)]
        from: String,
        /// RFC 3339 [default: now]
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        topic: Option<String>,
        /// Only to this webhook.
        #[arg(long)]
        webhook: Option<String>,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Write the audit rows of a time range to standard output, newest first.
    Export {
        #[command(flatten)]
        common: Common,
        /// RFC 3339, inclusive.
        #[arg(long)]
        from: String,
        /// RFC 3339, exclusive.
        #[arg(long)]
        to: String,
        /// csv or jsonl.
        #[arg(long, default_value = "csv")]
        format: String,
    },
}

#[derive(Subcommand)]
enum TrustCommand {
    /// Import root or intermediate CA certificates (PEM, one or several, or DER) into a domain.
    ImportCa {
        #[command(flatten)]
        common: Common,
        /// AUTH, DEVICE or FTM.
        #[arg(long)]
        domain: String,
        /// The certificate file.
        file: PathBuf,
    },
    /// List the trust store's CA certificates.
    List {
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Args, Clone)]
struct Common {
    /// TOML configuration file [env: PMS_CONFIG]
    #[arg(long, env = "PMS_CONFIG")]
    config: Option<PathBuf>,
    /// sqlite://… or postgres://… [env: PMS_DATABASE_URL] [default: sqlite in the data dir]
    #[arg(long)]
    database_url: Option<String>,
    /// Directory for the SQLite file and the development mailbox [env: PMS_DATA_DIR] [default: ./pms-data]
    #[arg(long)]
    data_dir: Option<PathBuf>,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user with one or more roles.
    Add {
        #[command(flatten)]
        common: Common,
        #[arg(long)]
        username: String,
        #[arg(long)]
        email: String,
        /// The password (prefer --password-stdin, which keeps it out of the shell history).
        #[arg(long, conflicts_with = "password_stdin")]
        password: Option<String>,
        /// Read the password from standard input.
        #[arg(long)]
        password_stdin: bool,
        /// Role code, e.g. PARTNER_ADMIN, POLICYMANAGER, AUTH_PARTNER; repeat for several.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        #[arg(long)]
        first_name: Option<String>,
        #[arg(long)]
        last_name: Option<String>,
    },
    /// List users and their roles.
    List {
        #[command(flatten)]
        common: Common,
    },
    /// Give a user a new password, read as one line from standard input; their sessions end.
    SetPassword {
        #[command(flatten)]
        common: Common,
        #[arg(long)]
        username: String,
        /// Read the password from standard input (the only way: never on the command line).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Deactivate a user: they cannot log in, and their sessions and tokens end at once.
    Disable {
        #[command(flatten)]
        common: Common,
        #[arg(long)]
        username: String,
    },
    /// Let a deactivated user log in again.
    Enable {
        #[command(flatten)]
        common: Common,
        #[arg(long)]
        username: String,
    },
}

/// Defaults < TOML file < `PMS_*` environment < command-line flags.
fn load_config(common: &Common, listen: Option<&str>) -> Result<Config> {
    let mut figment = Figment::from(Serialized::defaults(Config::default()));
    if let Some(file) = &common.config {
        if !file.exists() {
            bail!("configuration file {} does not exist", file.display());
        }
        figment = figment.merge(Toml::file(file));
    }
    figment = figment.merge(Env::prefixed("PMS_").ignore(&["config", "test_database_url"]));
    if let Some(url) = &common.database_url {
        figment = figment.merge(Serialized::default("database_url", url));
    }
    if let Some(dir) = &common.data_dir {
        figment = figment.merge(Serialized::default("data_dir", dir));
    }
    if let Some(listen) = listen {
        figment = figment.merge(Serialized::default("listen", listen));
    }
    let mut config: Config = figment.extract().context("invalid configuration")?;
    config.read_secret_files(|name| std::env::var(name).ok()).map_err(anyhow::Error::msg)?;
    Ok(config)
}

fn init_logging(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("PMS_LOG")
        .or_else(|_| tracing_subscriber::EnvFilter::try_from_default_env())
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn"));
    // Colours only for a person watching a terminal, not in files or log collectors.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    match config.log_format {
        pms_service::config::LogFormat::Json => builder.json().init(),
        pms_service::config::LogFormat::Text => builder.init(),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
    tracing::info!("shutting down: finishing requests in flight");
}

/// Periodic clean-up of expired sessions and abandoned registrations.
fn spawn_housekeeping(services: Arc<Services>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            if let Err(e) = services.housekeeping().await {
                tracing::warn!(%e, "housekeeping failed");
            }
        }
    });
}

async fn serve(common: Common, listen: Option<String>) -> Result<()> {
    let config = load_config(&common, listen.as_deref())?;
    init_logging(&config);
    let listener = tokio::net::TcpListener::bind(&config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    let services = Services::open(config.clone()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let bootstrap = services.bootstrap_admin().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let address = listener.local_addr()?;
    let base = match &config.public_url {
        Some(url) => url.trim_end_matches('/').to_string(),
        None => format!("http://{address}"),
    };
    let mut banner = vec![
        "PMS is running.".to_string(),
        format!("  Portal:         {base}/"),
        format!("  API reference:  {base}/api-docs  (OpenAPI: {base}/openapi.json)"),
        format!("  Database:       {}", redact_url(&config.database_url())),
    ];
    if let Some(issuer) = config.oidc_issuer.as_deref().filter(|i| !i.trim().is_empty()) {
        banner.push(format!("  Log in with:    the identity provider {issuer}"));
    }
    match bootstrap {
        _ if !config.builtin_login => {}
        Bootstrap::Generated(password) => {
            banner.push(format!("  Log in as:      admin / {password}"));
            banner.push(
                "                  (generated for this new database and shown only now; set PMS_ADMIN_PASSWORD to choose it)".into(),
            );
        }
        Bootstrap::FromConfig => {
            banner.push("  Log in as:      admin, with the password from PMS_ADMIN_PASSWORD".into())
        }
        Bootstrap::Existing => banner.push("  Log in as:      admin, or any user created with `pms user add`".into()),
    }
    if config.smtp_url.as_deref().is_none_or(|u| u.trim().is_empty()) {
        let dir = config.mailbox_dir();
        banner.push(format!("  E-mails:        written to {} (set PMS_SMTP_URL to send them)", dir.display()));
    }
    // Whoever started us may have closed standard output; the server must keep running.
    let mut out = std::io::stdout().lock();
    for line in banner {
        let _ = writeln!(out, "{line}");
    }
    let _ = out.flush();
    drop(out);
    spawn_housekeeping(services.clone());
    let delivery = pms_events::spawn(services.clone()).map_err(|e| anyhow::anyhow!("delivery worker: {e}"))?;
    tracing::info!(%address, "listening");
    pms_web::serve(listener, services, shutdown_signal()).await?;
    // Rows of an interrupted round would wait for their lease to run out; let it finish.
    delivery.stop().await;
    Ok(())
}

fn redact_url(url: &str) -> String {
    // postgres://user:secret@host/db → postgres://user:***@host/db
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}://{user}:***@{}", &url[..scheme], &url[at + 1..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

async fn open(common: &Common) -> Result<Arc<Services>> {
    let config = load_config(common, None)?;
    Services::open(config).await.map_err(|e| anyhow::anyhow!("{e}"))
}

#[allow(clippy::too_many_arguments)]
async fn user_add(
    common: Common,
    username: String,
    email: String,
    password: Option<String>,
    password_stdin: bool,
    roles: Vec<String>,
    first_name: Option<String>,
    last_name: Option<String>,
) -> Result<()> {
    let password = match (password, password_stdin) {
        (Some(p), false) => p,
        (None, true) => {
            let mut buf = String::new();
            std::io::stdin().read_to_string(&mut buf)?;
            buf.trim_end_matches(['\n', '\r']).to_string()
        }
        _ => bail!("give --password or --password-stdin"),
    };
    let services = open(&common).await?;
    let ctx = operator();
    let roles = roles.into_iter().map(|r| r.trim().to_string()).collect();
    let input = pms_service::auth::NewUserInput { username, email, password, roles, first_name, last_name };
    match services.add_user(&ctx, input).await {
        Ok(u) => {
            println!("Added user {} with roles {}", u.user.username, u.roles.join(", "));
            Ok(())
        }
        Err(e) => bail!("{}", e.to_pms_error().message),
    }
}

async fn user_list(common: Common) -> Result<()> {
    let services = open(&common).await?;
    let users = services.list_users().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    println!("{:<24} {:<32} {:<8} ROLES", "USERNAME", "EMAIL", "ACTIVE");
    for u in users {
        println!("{:<24} {:<32} {:<8} {}", u.user.username, u.user.email, u.user.is_active, u.roles.join(","));
    }
    Ok(())
}

/// One line of standard input, without its line ending.
fn read_stdin_line() -> Result<String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

fn refusal(e: pms_service::ServiceError) -> anyhow::Error {
    let e = e.to_pms_error();
    anyhow::anyhow!("{}: {}", e.code, e.message)
}

async fn user_set_password(common: Common, username: String) -> Result<()> {
    let password = read_stdin_line()?;
    let services = open(&common).await?;
    let new = pms_service::accounts::NewPassword { confirm: Some(password.clone()), password: Some(password) };
    services.set_user_password(&operator(), &username, new).await.map_err(refusal)?;
    println!("The password of {username} has been set; their sessions have ended.");
    Ok(())
}

async fn user_set_active(common: Common, username: String, action: AccountAction) -> Result<()> {
    let services = open(&common).await?;
    let status = services.set_user_active(&operator(), &username, action).await.map_err(refusal)?;
    println!("User {username} is {}.", status.as_str());
    Ok(())
}

fn operator() -> Ctx {
    Ctx::operator(&std::env::var("USER").unwrap_or_default())
}

async fn trust_import(common: Common, domain: String, file: PathBuf) -> Result<()> {
    let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
    let data = match String::from_utf8(bytes) {
        Ok(text) => text,
        // DER: hand it on as base64, as API clients send it.
        Err(e) => {
            use base64::Engine;
            base64::engine::general_purpose::STANDARD.encode(e.into_bytes())
        }
    };
    let services = open(&common).await?;
    match services.upload_ca_certificates(&operator(), Some(&domain), Some(&data)).await {
        Ok(upload) => {
            println!("{}", upload.status);
            for c in upload.stored {
                println!("{}  {:<12} {}  until {}", c.cert_id, c.ca_type, c.subject_dn, c.not_after.format("%Y-%m-%d"));
            }
            Ok(())
        }
        Err(e) => {
            let e = e.to_pms_error();
            bail!("{}: {}", e.code, e.message)
        }
    }
}

async fn trust_list(common: Common) -> Result<()> {
    let services = open(&common).await?;
    let ctx = operator();
    println!("{:<36}  {:<6} {:<12} {:<11} {:<10} SUBJECT", "ID", "DOMAIN", "TYPE", "STATUS", "EXPIRES");
    for page_no in 0.. {
        let params = pms_domain::list::ListParams {
            sort_field_name: Some("uploadedDateTime".into()),
            sort_type: Some("asc".into()),
            page_no: Some(page_no.to_string()),
            page_size: Some("100".into()),
            ..Default::default()
        };
        let query = pms_service::certificates::TrustListQuery::default();
        let page = services.trust_certificates(&ctx, &query, &params).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        for c in &page.items {
            println!(
                "{:<36}  {:<6} {:<12} {:<11} {:<10} {}",
                c.cert_id,
                c.partner_domain,
                c.ca_type,
                c.status,
                c.not_after.format("%Y-%m-%d"),
                c.subject_dn
            );
        }
        if (page_no + 1) * 100 >= page.total {
            break;
        }
    }
    Ok(())
}

async fn webhook(command: WebhookCommand) -> Result<()> {
    match command {
        WebhookCommand::Add { common, url, topics, secret, description } => {
            let services = open(&common).await?;
            let input =
                pms_service::delivery::WebhookInput { url: Some(url), topics, secret: Some(secret), description };
            let hook = services.add_webhook(&operator(), input).await.map_err(refusal)?;
            println!("Added webhook {} for {}", hook.id, hook.topics.join(", "));
        }
        WebhookCommand::List { common } => {
            let services = open(&common).await?;
            println!("{:<36}  {:<48} TOPICS", "ID", "URL");
            let params = pms_domain::list::ListParams {
                page_no: Some("0".into()),
                page_size: Some("1000".into()),
                ..Default::default()
            };
            for h in services.webhooks(&operator(), &params).await.map_err(refusal)?.items {
                println!("{:<36}  {:<48} {}", h.id, h.url, h.topics.join(","));
            }
        }
        WebhookCommand::Remove { common, id } => {
            let services = open(&common).await?;
            services.remove_webhook(&operator(), &id).await.map_err(refusal)?;
            println!("Removed webhook {id}");
        }
    }
    Ok(())
}

async fn delivery(command: DeliveryCommand) -> Result<()> {
    match command {
        DeliveryCommand::List { common, status, limit } => {
            let services = open(&common).await?;
            let query = pms_service::delivery::DeliveryQuery { status, ..Default::default() };
            let params = pms_domain::list::ListParams {
                page_no: Some("0".into()),
                page_size: Some(limit.clamp(1, 1000).to_string()),
                ..Default::default()
            };
            let page = services.deliveries(&operator(), &query, &params).await.map_err(refusal)?;
            println!("{:<36}  {:<8} {:<10} {:>8}  {:<24} TARGET", "ID", "KIND", "STATUS", "ATTEMPTS", "LAST ERROR");
            for d in page.items {
                let error: String = d.last_error.unwrap_or_default().chars().take(24).collect();
                println!("{:<36}  {:<8} {:<10} {:>8}  {:<24} {}", d.id, d.kind, d.status, d.attempts, error, d.target);
            }
            println!("{} deliveries in all", page.total);
        }
        DeliveryCommand::Retry { common, id } => {
            let services = open(&common).await?;
            let d = services.retry_delivery(&operator(), &id).await.map_err(refusal)?;
            println!("Delivery {} is {} again; a running server delivers it now.", d.id, d.status);
        }
        DeliveryCommand::Replay { common, from, to, topic, webhook } => {
            let services = open(&common).await?;
            let n = services
                .replay_events(&operator(), Some(&from), to.as_deref(), topic.as_deref(), webhook.as_deref())
                .await
                .map_err(refusal)?;
            println!("{n} deliveries queued; a running server delivers them now.");
        }
    }
    Ok(())
}

async fn audit_export(common: Common, from: String, to: String, format: String) -> Result<()> {
    use pms_service::operations::{AuditQuery, ExportFormat};
    let Some(format) = ExportFormat::parse(&format) else { bail!("--format must be csv or jsonl") };
    let services = open(&common).await?;
    let filter = AuditQuery { from: Some(from), to: Some(to), ..Default::default() };
    let mut out = std::io::BufWriter::new(std::io::stdout());
    let lang = pms_domain::lang::Lang::En;
    services.audit_export(&operator(), filter, format, lang, u64::MAX, &mut out).await.map_err(refusal)?;
    out.flush()?;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve { common, listen } => serve(common, listen).await,
        Command::Migrate { common } => {
            let services = open(&common).await?;
            println!("Database {} is up to date.", redact_url(&services.config.database_url()));
            Ok(())
        }
        Command::User { command } => match command {
            UserCommand::Add { common, username, email, password, password_stdin, roles, first_name, last_name } => {
                user_add(common, username, email, password, password_stdin, roles, first_name, last_name).await
            }
            UserCommand::List { common } => user_list(common).await,
            UserCommand::SetPassword { common, username, password_stdin: _ } => {
                user_set_password(common, username).await
            }
            UserCommand::Disable { common, username } => {
                user_set_active(common, username, AccountAction::Deactivate).await
            }
            UserCommand::Enable { common, username } => {
                user_set_active(common, username, AccountAction::Activate).await
            }
        },
        Command::Trust { command } => match command {
            TrustCommand::ImportCa { common, domain, file } => trust_import(common, domain, file).await,
            TrustCommand::List { common } => trust_list(common).await,
        },
        Command::Webhook { command } => webhook(command).await,
        Command::Delivery { command } => delivery(command).await,
        Command::Audit { command: AuditCommand::Export { common, from, to, format } } => {
            audit_export(common, from, to, format).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls_are_shown_without_passwords() {
        assert_eq!(redact_url("postgres://pms:s3cret@db:5432/pms"), "postgres://pms:***@db:5432/pms");
        assert_eq!(redact_url("postgres://pms@db/pms"), "postgres://pms@db/pms");
        assert_eq!(redact_url("sqlite://pms-data/pms.db"), "sqlite://pms-data/pms.db");
    }

    #[test]
    fn flags_override_environment_and_defaults() {
        let common = Common { config: None, database_url: Some("sqlite://x.db".into()), data_dir: None };
        let c = load_config(&common, Some("0.0.0.0:9")).unwrap();
        assert_eq!(c.listen, "0.0.0.0:9");
        assert_eq!(c.database_url(), "sqlite://x.db");
    }
}
