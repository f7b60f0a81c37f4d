//! What operators read: the audit trail and the event outbox.

use crate::view::{AuditRecord, OutboxRecord};
use crate::{Ctx, Result, Services};
use pms_domain::list::{plan_list, ListPage, ListParams, Paging};
use pms_domain::roles::PARTNER_ADMIN;
use pms_store::repo::{audit, outbox as events};

/// Exact values the audit trail is filtered by; blank ones are ignored.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub actor: Option<String>,
    pub action: Option<String>,
    pub outcome: Option<String>,
}

fn non_blank(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

impl Services {
    pub async fn audit_trail(
        &self,
        ctx: &Ctx,
        filter: AuditQuery,
        params: &ListParams,
    ) -> Result<ListPage<AuditRecord>> {
        ctx.require(&[PARTNER_ADMIN])?;
        let plan = plan_list(params, &[], Paging::DefaultPage)?;
        let filter = audit::Filter {
            entity_type: non_blank(filter.entity_type),
            entity_id: non_blank(filter.entity_id),
            actor: non_blank(filter.actor),
            action: non_blank(filter.action),
            outcome: non_blank(filter.outcome),
        };
        let page = audit::list(self.store.db(), &filter, plan.offset(), plan.page_size).await?;
        Ok(ListPage::new(page.map(Into::into), &plan))
    }

    pub async fn outbox_events(
        &self,
        ctx: &Ctx,
        topic: Option<String>,
        params: &ListParams,
    ) -> Result<ListPage<OutboxRecord>> {
        ctx.require(&[PARTNER_ADMIN])?;
        let plan = plan_list(params, &[], Paging::DefaultPage)?;
        let page = events::list(self.store.db(), non_blank(topic).as_deref(), plan.offset(), plan.page_size).await?;
        Ok(ListPage::new(page.map(Into::into), &plan))
    }
}
