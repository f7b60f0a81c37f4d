//! Revamp list parameters (`sortFieldName`, `sortType`, `pageNo`, `pageSize`) and their checks.

use crate::error::{self, PmsError};
use crate::search::SortDir;

/// MOSIP's `mosip.pms.pagination.items.per.page`.
pub const DEFAULT_PAGE_SIZE: u64 = 8;
/// Larger pages are clamped to protect the server.
pub const MAX_PAGE_SIZE: u64 = 1000;
/// What "no pagination" returns at most on endpoints that allow it.
pub const UNPAGED_LIMIT: u64 = 10_000;

/// Page numbers beyond this are refused (`PMS_PRT_360`): no list is that long, and offsets stay
/// far inside the database's 64-bit range.
pub const MAX_PAGE_NO: u64 = 1_000_000;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListParams {
    pub sort_field_name: Option<String>,
    pub sort_type: Option<String>,
    pub page_no: Option<String>,
    pub page_size: Option<String>,
    /// How `sortFieldName` and `sortType` go together on this endpoint.
    pub sort_rule: SortRule,
}

/// MOSIP's partner lists want `sortFieldName` and `sortType` together (`PMS_PS_ERROR_007`);
/// `GET /policies/v2` checks each on its own and sorts only when both are given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortRule {
    #[default]
    Paired,
    Independent,
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

/// A whole number, with numbers too large for 64 bits told apart from text.
enum Number {
    Value(i64),
    TooLarge,
    Text,
}

fn number(v: &str) -> Number {
    match v.trim().parse::<i64>() {
        Ok(n) => Number::Value(n),
        Err(e) if *e.kind() == std::num::IntErrorKind::PosOverflow => Number::TooLarge,
        Err(_) => Number::Text,
    }
}

/// Checks a revamp list's parameters in MOSIP's order. A parameter given with an empty value
/// counts as given (and is then invalid).
pub fn plan_list(p: &ListParams, sort_fields: &[&'static str], paging: Paging) -> Result<ListPlan, PmsError> {
    let (sort_field, sort_type) = (p.sort_field_name.as_deref(), p.sort_type.as_deref());
    let (page_no, page_size) = (p.page_no.as_deref(), p.page_size.as_deref());
    if p.sort_rule == SortRule::Paired && sort_field.is_some() != sort_type.is_some() {
        return Err(error::LIST_SORT_PAIR.err());
    }
    if page_no.is_some() != page_size.is_some() {
        return Err(error::LIST_PAGINATION_PAIR.err());
    }
    if paging == Paging::AllowUnpaged && sort_field.is_some() && page_no.is_none() {
        return Err(error::LIST_SORT_NEEDS_PAGE.err());
    }
    let field = sort_field
        .map(|field| {
            let field = field.trim();
            sort_fields
                .iter()
                .find(|f| !field.is_empty() && f.eq_ignore_ascii_case(field))
                .copied()
                .ok_or_else(|| error::LIST_INVALID_SORT_FIELD.fill(&[&field]))
        })
        .transpose()?;
    let dir = sort_type
        .map(|dir| SortDir::parse(dir).ok_or_else(|| error::LIST_INVALID_SORT_TYPE.fill(&[&dir.trim()])))
        .transpose()?;
    let sort = field.zip(dir);
    let page_no = match page_no.map(number) {
        None => 0,
        Some(Number::Value(n)) if (0..=MAX_PAGE_NO as i64).contains(&n) => n as u64,
        Some(_) => return Err(error::LIST_INVALID_PAGE_NO.err()),
    };
    let (page_size, paged) = match page_size.map(number) {
        None if paging == Paging::AllowUnpaged => (UNPAGED_LIMIT, false),
        None => (DEFAULT_PAGE_SIZE, true),
        Some(Number::Value(n)) if n > 0 => ((n as u64).min(MAX_PAGE_SIZE), true),
        Some(Number::TooLarge) => (MAX_PAGE_SIZE, true),
        Some(_) => return Err(error::LIST_INVALID_PAGE_SIZE.err()),
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
            sort_rule: SortRule::Paired,
        }
    }

    fn independent(sf: Option<&str>, st: Option<&str>, no: Option<&str>, size: Option<&str>) -> ListParams {
        ListParams { sort_rule: SortRule::Independent, ..p(sf, st, no, size) }
    }

    const FIELDS: &[&str] = &["policyName", "createdDateTime"];

    fn code(params: ListParams, paging: Paging) -> &'static str {
        plan_list(&params, FIELDS, paging).unwrap_err().code
    }

    #[test]
    fn defaults() {
        let plan = plan_list(&p(None, None, None, None), FIELDS, Paging::DefaultPage).unwrap();
        assert_eq!(plan, ListPlan { sort: None, page_no: 0, page_size: 8, paged: true });
        let plan = plan_list(&p(None, None, None, None), FIELDS, Paging::AllowUnpaged).unwrap();
        assert_eq!(plan, ListPlan { sort: None, page_no: 0, page_size: UNPAGED_LIMIT, paged: false });
    }

    #[test]
    fn sort_and_page() {
        let plan =
            plan_list(&p(Some("POLICYNAME"), Some("Desc"), Some("2"), Some("5000")), FIELDS, Paging::DefaultPage)
                .unwrap();
        assert_eq!(plan.sort, Some(("policyName", SortDir::Desc)));
        assert_eq!((plan.page_no, plan.page_size, plan.offset()), (2, MAX_PAGE_SIZE, 2 * MAX_PAGE_SIZE));
        let plan =
            plan_list(&p(Some(" policyName "), Some(" ASC "), Some(" 1 "), Some(" 3 ")), FIELDS, Paging::AllowUnpaged)
                .unwrap();
        assert_eq!(plan, ListPlan { sort: Some(("policyName", SortDir::Asc)), page_no: 1, page_size: 3, paged: true });
    }

    #[test]
    fn error_codes() {
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
    fn empty_values_count_as_given() {
        for paging in [Paging::DefaultPage, Paging::AllowUnpaged] {
            assert_eq!(code(p(Some(""), None, None, None), paging), "PMS_PS_ERROR_007");
            assert_eq!(code(p(None, Some(""), None, None), paging), "PMS_PS_ERROR_007");
            assert_eq!(code(p(None, None, Some(""), None), paging), "PMS_PS_ERROR_006");
            assert_eq!(code(p(None, None, None, Some("")), paging), "PMS_PS_ERROR_006");
            assert_eq!(code(p(Some(""), Some("asc"), Some("0"), Some("8")), paging), "PMS_PRT_357");
            assert_eq!(code(p(Some("  "), Some("asc"), Some("0"), Some("8")), paging), "PMS_PRT_357");
            assert_eq!(code(p(Some("policyName"), Some(""), Some("0"), Some("8")), paging), "PMS_PRT_358");
            assert_eq!(code(p(None, None, Some(""), Some("8")), paging), "PMS_PRT_360");
            assert_eq!(code(p(None, None, Some("0"), Some("")), paging), "PMS_PRT_361");
        }
    }

    #[test]
    fn errors_come_in_order() {
        let all_bad = |sf, st, no, size| p(sf, st, no, size);
        // The pairing of sort parameters is checked before the pairing of page parameters…
        assert_eq!(code(all_bad(Some("nope"), None, Some("-1"), None), Paging::DefaultPage), "PMS_PS_ERROR_007");
        // …which is checked before any value.
        assert_eq!(code(all_bad(Some("nope"), Some("up"), Some("-1"), None), Paging::DefaultPage), "PMS_PS_ERROR_006");
        assert_eq!(code(all_bad(Some("nope"), Some("up"), Some("-1"), Some("0")), Paging::DefaultPage), "PMS_PRT_357");
        assert_eq!(
            code(all_bad(Some("policyName"), Some("up"), Some("-1"), Some("0")), Paging::DefaultPage),
            "PMS_PRT_358"
        );
        assert_eq!(
            code(all_bad(Some("policyName"), Some("asc"), Some("-1"), Some("0")), Paging::DefaultPage),
            "PMS_PRT_360"
        );
        assert_eq!(
            code(all_bad(Some("policyName"), Some("asc"), Some("0"), Some("0")), Paging::DefaultPage),
            "PMS_PRT_361"
        );
        // Pages are checked in pairs on every list, not only those that may be unpaged.
        assert_eq!(code(p(None, None, Some("-1"), None), Paging::DefaultPage), "PMS_PS_ERROR_006");
        assert_eq!(code(p(None, None, None, Some("0")), Paging::DefaultPage), "PMS_PS_ERROR_006");
        // An unpaged list may be sorted only when paged.
        assert_eq!(code(p(Some("nope"), Some("up"), None, None), Paging::AllowUnpaged), "PMS_PS_ERROR_008");
    }

    #[test]
    fn sort_types_in_any_case() {
        for (t, dir) in [("asc", SortDir::Asc), ("ASC", SortDir::Asc), ("Desc", SortDir::Desc), ("dEsC", SortDir::Desc)]
        {
            let plan = plan_list(&p(Some("policyName"), Some(t), None, None), FIELDS, Paging::DefaultPage).unwrap();
            assert_eq!(plan.sort, Some(("policyName", dir)), "{t}");
        }
        for t in ["ascending", "up", "1", "asc desc"] {
            assert_eq!(code(p(Some("policyName"), Some(t), None, None), Paging::DefaultPage), "PMS_PRT_358", "{t}");
        }
    }

    #[test]
    fn independent_sort_parameters() {
        let plan = |params: ListParams| plan_list(&params, FIELDS, Paging::DefaultPage);
        // Either alone is accepted and leaves the default order.
        assert_eq!(plan(independent(None, Some("asc"), None, None)).unwrap().sort, None);
        assert_eq!(plan(independent(None, Some("DESC"), None, None)).unwrap().sort, None);
        assert_eq!(plan(independent(Some("policyName"), None, None, None)).unwrap().sort, None);
        // Together they sort.
        assert_eq!(
            plan(independent(Some("policyName"), Some("desc"), None, None)).unwrap().sort,
            Some(("policyName", SortDir::Desc))
        );
        // Each is still checked.
        let code = |params: ListParams| plan(params).unwrap_err().code;
        assert_eq!(code(independent(None, Some(""), None, None)), "PMS_PRT_358");
        assert_eq!(code(independent(None, Some("up"), None, None)), "PMS_PRT_358");
        assert_eq!(code(independent(Some(""), None, None, None)), "PMS_PRT_357");
        assert_eq!(code(independent(Some("nope"), None, None, None)), "PMS_PRT_357");
        assert_eq!(code(independent(Some("nope"), Some("up"), None, None)), "PMS_PRT_357");
        // Paging rules are the same.
        assert_eq!(code(independent(Some("policyName"), None, Some("0"), None)), "PMS_PS_ERROR_006");
        assert_eq!(code(independent(None, Some("asc"), Some("-1"), Some("8"))), "PMS_PRT_360");
        assert_eq!(code(independent(None, Some("asc"), Some("0"), Some("0"))), "PMS_PRT_361");
    }

    #[test]
    fn huge_pages_are_bounded() {
        let max = MAX_PAGE_NO.to_string();
        let plan = plan_list(&p(None, None, Some(&max), Some("1000")), FIELDS, Paging::DefaultPage).unwrap();
        assert_eq!(plan.offset(), MAX_PAGE_NO * 1000);
        assert!(plan.offset() <= i64::MAX as u64);
        for no in [(MAX_PAGE_NO + 1).to_string(), i64::MAX.to_string(), "99999999999999999999999".to_string()] {
            assert_eq!(code(p(None, None, Some(&no), Some("1000")), Paging::DefaultPage), "PMS_PRT_360", "{no}");
        }
        for size in [i64::MAX.to_string(), "99999999999999999999999".to_string()] {
            let plan = plan_list(&p(None, None, Some("3"), Some(&size)), FIELDS, Paging::DefaultPage).unwrap();
            assert_eq!(plan.page_size, MAX_PAGE_SIZE, "{size}");
        }
        assert_eq!(
            code(p(None, None, Some("0"), Some("-99999999999999999999999")), Paging::DefaultPage),
            "PMS_PRT_361"
        );
    }

    #[test]
    fn text_filters() {
        assert_eq!(text_filter(Some("  Bank ")), Some("bank".into()));
        assert_eq!(text_filter(Some("  ")), None);
    }
}
