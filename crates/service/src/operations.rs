//! What operators read: the audit trail and the event outbox.

use crate::{Ctx, Result, Services};
use pms_domain::list::{plan_list, ListPage, ListParams, Paging};
use pms_domain::roles::PARTNER_ADMIN;
use pms_store::entity::{audit_log, outbox};
use pms_store::repo::{audit, outbox as events};

fn non_blank(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

impl Services {
    pub async fn audit_trail(
        &self,
        ctx: &Ctx,
        filter: audit::Filter,
        params: &ListParams,
    ) -> Result<ListPage<audit_log::Model>> {
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
        Ok(ListPage::new(page, &plan))
    }

    pub async fn outbox_events(
        &self,
        ctx: &Ctx,
        topic: Option<String>,
        params: &ListParams,
    ) -> Result<ListPage<outbox::Model>> {
        ctx.require(&[PARTNER_ADMIN])?;
        let plan = plan_list(params, &[], Paging::DefaultPage)?;
        let page = events::list(self.store.db(), non_blank(topic).as_deref(), plan.offset(), plan.page_size).await?;
        Ok(ListPage::new(page, &plan))
    }
}
