//! Revamp list parameters (`sortFieldName`, `sortType`, `pageNo`, `pageSize`) and their checks.

use crate::error::{self, PmsError};
use crate::search::SortDir;

/// MOSIP's `mosip.pms.pagination.items.per.page`.
pub const DEFAULT_PAGE_SIZE: u64 = 8;
/// Larger pages are clamped to protect the server.
pub const MAX_PAGE_SIZE: u64 = 1000;
/// What "no pagination" returns at most on endpoints that allow it.
pub const UNPAGED_LIMIT: u64 = 10_000;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListParams {
    pub sort_field_name: Option<String>,
    pub sort_type: Option<String>,
    pub page_no: Option<String>,
    pub page_size: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListPlan {
    pub sort: Option<(&'static str, SortDir)>,
    pub page_no: u64,
    pub page_size: u64,
    /// False when the caller asked for everything (endpoints without default paging).
    pub paged: bool,
}

impl ListPlan {
    pub fn offset(&self) -> u64 {
        self.page_no.saturating_mul(self.page_size)
    }
}

/// How an endpoint treats missing paging: MOSIP pages some lists by default (0/8) and returns
/// everything on others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    DefaultPage,
    AllowUnpaged,
}

fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

pub fn plan_list(p: &ListParams, sort_fields: &[&'static str], paging: Paging) -> Result<ListPlan, PmsError> {
    let (sort_field, sort_type) = (present(&p.sort_field_name), present(&p.sort_type));
    let (page_no, page_size) = (present(&p.page_no), present(&p.page_size));
    if sort_field.is_some() != sort_type.is_some() {
        return Err(error::LIST_SORT_PAIR.err());
    }
    if paging == Paging::AllowUnpaged {
        if page_no.is_some() != page_size.is_some() {
            return Err(error::LIST_PAGINATION_PAIR.err());
        }
        if sort_field.is_some() && page_no.is_none() {
            return Err(error::LIST_SORT_NEEDS_PAGE.err());
        }
    }
    let sort = match (sort_field, sort_type) {
        (Some(field), Some(dir)) => {
            let name = sort_fields
                .iter()
                .find(|f| f.eq_ignore_ascii_case(field))
                .ok_or_else(|| error::LIST_INVALID_SORT_FIELD.fill(&[&field]))?;
            let dir = SortDir::parse(dir).ok_or_else(|| error::LIST_INVALID_SORT_TYPE.fill(&[&dir]))?;
            Some((*name, dir))
        }
        _ => None,
    };
    let page_no = match page_no {
        None => 0,
        Some(v) => v.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| error::LIST_INVALID_PAGE_NO.err())? as u64,
    };
    let (page_size, paged) = match page_size {
        None if paging == Paging::AllowUnpaged => (UNPAGED_LIMIT, false),
        None => (DEFAULT_PAGE_SIZE, true),
        Some(v) => {
            let n = v.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(|| error::LIST_INVALID_PAGE_SIZE.err())?;
            ((n as u64).min(MAX_PAGE_SIZE), true)
        }
    };
    Ok(ListPlan { sort, page_no, page_size, paged })
}

/// A page of a revamp list, with the paging actually applied.
#[derive(Debug, Clone, PartialEq)]
pub struct ListPage<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page_no: u64,
    pub page_size: u64,
}

impl<T> ListPage<T> {
    pub fn new(page: crate::search::Page<T>, plan: &ListPlan) -> Self {
        ListPage { items: page.items, total: page.total, page_no: plan.page_no, page_size: plan.page_size }
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> ListPage<U> {
        ListPage {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
            page_no: self.page_no,
            page_size: self.page_size,
        }
    }
}

/// Lower-cased, trimmed text filter; blank means "no filter" (as MOSIP's controllers do).
pub fn text_filter(v: Option<&str>) -> Option<String> {
    v.map(str::trim).filter(|v| !v.is_empty()).map(str::to_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(sf: Option<&str>, st: Option<&str>, no: Option<&str>, size: Option<&str>) -> ListParams {
        ListParams {
            sort_field_name: sf.map(Into::into),
            sort_type: st.map(Into::into),
            page_no: no.map(Into::into),
            page_size: size.map(Into::into),
        }
    }

    const FIELDS: &[&str] = &["policyName", "createdDateTime"];

    #[test]
    fn defaults() {
        let plan = plan_list(&p(None, None, None, None), FIELDS, Paging::DefaultPage).unwrap();
        assert_eq!(plan, ListPlan { sort: None, page_no: 0, page_size: 8, paged: true });
        let plan = plan_list(&p(None, None, None, None), FIELDS, Paging::AllowUnpaged).unwrap();
        assert!(!plan.paged);
    }

    #[test]
    fn sort_and_page() {
        let plan =
            plan_list(&p(Some("POLICYNAME"), Some("Desc"), Some("2"), Some("5000")), FIELDS, Paging::DefaultPage)
                .unwrap();
        assert_eq!(plan.sort, Some(("policyName", SortDir::Desc)));
        assert_eq!((plan.page_no, plan.page_size, plan.offset()), (2, MAX_PAGE_SIZE, 2 * MAX_PAGE_SIZE));
    }

    #[test]
    fn error_codes() {
        let code = |params: ListParams, paging| plan_list(&params, FIELDS, paging).unwrap_err().code;
        assert_eq!(code(p(Some("policyName"), None, None, None), Paging::DefaultPage), "PMS_PS_ERROR_007");
        assert_eq!(code(p(None, None, Some("1"), None), Paging::AllowUnpaged), "PMS_PS_ERROR_006");
        assert_eq!(code(p(Some("policyName"), Some("asc"), None, None), Paging::AllowUnpaged), "PMS_PS_ERROR_008");
        assert_eq!(code(p(Some("nope"), Some("asc"), None, None), Paging::DefaultPage), "PMS_PRT_357");
        assert_eq!(code(p(Some("policyName"), Some("up"), None, None), Paging::DefaultPage), "PMS_PRT_358");
        assert_eq!(code(p(None, None, Some("-1"), Some("8")), Paging::DefaultPage), "PMS_PRT_360");
        assert_eq!(code(p(None, None, Some("x"), Some("8")), Paging::DefaultPage), "PMS_PRT_360");
        assert_eq!(code(p(None, None, Some("0"), Some("0")), Paging::DefaultPage), "PMS_PRT_361");
    }

    #[test]
    fn text_filters() {
        assert_eq!(text_filter(Some("  Bank ")), Some("bank".into()));
        assert_eq!(text_filter(Some("  ")), None);
    }
}
