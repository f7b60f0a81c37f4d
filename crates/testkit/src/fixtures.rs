//! Rows that no use case creates yet (API keys, policy requests and certificates arrive with their
//! own issues), written straight to a test's database so that the guards reading them can be tested.
//! Everything else a test needs is created through the services, as users would.

use pms_store::entity::{auth_policy, partner, partner_policy, partner_policy_request};
use pms_store::repo::{partners, users};
use pms_store::sea_orm::sea_query::Expr;
use pms_store::sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use pms_store::{new_id, Stamp, Store, StoreOptions};

pub struct Fixtures {
    store: Store,
}

fn now() -> chrono::DateTime<chrono::Utc> {
    use pms_domain::Clock;
    pms_domain::SystemClock.now()
}

impl Fixtures {
    pub async fn connect(url: &str) -> Fixtures {
        let store = Store::connect(url, &StoreOptions { max_connections: 2 }).await.expect("connect fixtures");
        Fixtures { store }
    }

    /// For tests that inspect rows no endpoint shows (pending registrations, raw outbox rows).
    pub fn db(&self) -> &DatabaseConnection {
        self.store.db()
    }

    /// A partner of `partner_type` in `status`, owned by the login `id`.
    pub async fn partner(&self, id: &str, partner_type: &str, status: pms_domain::partner::PartnerStatus) {
        self.partner_named(id, &format!("{id} organisation"), partner_type, status).await
    }

    pub async fn partner_named(
        &self,
        id: &str,
        name: &str,
        partner_type: &str,
        status: pms_domain::partner::PartnerStatus,
    ) {
        partners::insert(
            self.store.db(),
            partners::NewPartner {
                id,
                policy_group_id: None,
                name,
                address: "1 Main Street",
                contact_no: "0123456789",
                email: &format!("{id}@example.org"),
                partner_type_code: partner_type,
                status,
                lang_code: "eng",
                logo_url: None,
                addl_info: None,
                by: Stamp { actor: "test", at: now() },
            },
        )
        .await
        .expect("insert partner");
    }

    /// A login user with `roles` whose password cannot be used (no hash is computed, so tests
    /// that need hundreds of users stay fast); returns its id. Pair it with a token the server
    /// issues (`Services::issue_token`).
    pub async fn user(&self, username: &str, roles: &[&str]) -> String {
        let roles: Vec<String> = roles.iter().map(|r| r.to_string()).collect();
        let new = users::NewUser {
            username,
            email: &format!("{username}@example.org"),
            password_hash: "!unusable",
            first_name: Some("Test"),
            last_name: Some(username),
            lang_code: "eng",
            roles: &roles,
        };
        users::insert(self.store.db(), new, now()).await.expect("insert user").id
    }

    /// Makes the login `username` own a `Partner_Admin` partner, as MOSIP's revamp endpoints want
    /// of an admin (`PMS_CERTIFICATE_ERROR_002` otherwise); does nothing if it already owns one.
    pub async fn admin_partner(&self, username: &str) {
        let found = partners::find(self.store.db(), username).await.expect("read partner");
        if found.is_none() {
            self.partner(username, "Partner_Admin", pms_domain::partner::PartnerStatus::Approved).await;
        }
    }

    pub async fn api_key(&self, partner: &str, policy: &str, active: bool) {
        let now = now();
        partner_policy::ActiveModel {
            policy_api_key: Set(new_id()),
            part_id: Set(partner.into()),
            policy_id: Set(policy.into()),
            label: Set(format!("key-{}", &new_id()[24..])),
            valid_from_datetime: Set(now),
            valid_to_datetime: Set(Some(now + chrono::Duration::days(30))),
            is_active: Set(active),
            key_hash: Set(format!("{:0>64}", new_id().replace('-', ""))),
            request_id: Set(None),
            expired_at: Set(None),
            replaced_by: Set(None),
            cr_by: Set("test".into()),
            cr_dtimes: Set(now),
            upd_by: Set(None),
            upd_dtimes: Set(None),
        }
        .insert(self.store.db())
        .await
        .expect("insert api key");
    }

    pub async fn policy_request(&self, partner: &str, policy: &str, status: &str) {
        let now = now();
        partner_policy_request::ActiveModel {
            id: Set(new_id()),
            part_id: Set(partner.into()),
            policy_id: Set(policy.into()),
            request_datetimes: Set(now),
            request_detail: Set("e-KYC for account opening".into()),
            status_code: Set(status.into()),
            reject_reason: Set(None),
            cr_by: Set("test".into()),
            cr_dtimes: Set(now),
            upd_by: Set(None),
            upd_dtimes: Set(None),
        }
        .insert(self.store.db())
        .await
        .expect("insert policy request");
    }

    /// Marks a partner's certificate as uploaded (the upload itself arrives with the trust store).
    pub async fn certificate_alias(&self, partner_id: &str, alias: &str) {
        partner::Entity::update_many()
            .col_expr(partner::Column::CertificateAlias, Expr::value(alias))
            .filter(partner::Column::Id.eq(partner_id))
            .exec(self.store.db())
            .await
            .expect("set certificate alias");
    }

    /// Overwrites a stored policy document, as data migrated from MOSIP can hold (cut at 5,120
    /// characters), to test how reads report it.
    pub async fn corrupt_policy_document(&self, policy_id: &str, text: &str) {
        auth_policy::Entity::update_many()
            .col_expr(auth_policy::Column::PolicyFileId, Expr::value(text))
            .filter(auth_policy::Column::Id.eq(policy_id))
            .exec(self.store.db())
            .await
            .expect("corrupt the stored document");
    }
}
