//! MOSIP's legacy search (`SearchDto`) and filter-values (`FilterValueDto`) requests, validated into
//! typed plans. The store turns a plan into SQL; nothing is filtered or sliced in memory.
//!
//! The request types here are what the rules read; the documented wire types live in the web
//! crate. They still decode from MOSIP's JSON so that tests and tools can write them as JSON.

use crate::error::{self, PmsError};
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::Deserialize;
use serde_json::Value;

/// Upper bound of `pageFetch`; larger pages are clamped, not refused.
pub const MAX_PAGE_FETCH: u64 = 1000;
/// Larger `pageStart`s are refused (`PMS-MSD-313`), so that offsets stay far inside 64 bits.
pub const MAX_PAGE_START: i64 = 1_000_000;
/// MOSIP's `mosip.pms.filtervalue.max_columns`.
pub const MAX_FILTER_VALUES: u64 = 500;
/// Longest text a filter compares with, in characters: longer than any column, and far inside
/// what the databases accept in a `LIKE` pattern (SQLite refuses patterns over 50,000 bytes).
pub const MAX_FILTER_TEXT: usize = 1000;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchRequest {
    #[serde(default)]
    pub filters: Vec<SearchFilter>,
    #[serde(default)]
    pub sort: Vec<SearchSort>,
    pub pagination: Option<Pagination>,
    pub language_code: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchFilter {
    pub column_name: Option<String>,
    /// `contains`, `equals`, `startsWith`, `between` or `in`.
    #[serde(rename = "type")]
    pub filter_type: Option<String>,
    pub value: Option<Value>,
    pub values: Option<Vec<Value>>,
    pub from_value: Option<Value>,
    pub to_value: Option<Value>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchSort {
    pub sort_field: Option<String>,
    pub sort_type: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pagination {
    /// Zero-based page index.
    pub page_start: i64,
    /// Page size.
    pub page_fetch: i64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FilterValueRequest {
    #[serde(default)]
    pub filters: Vec<FilterValueColumn>,
    #[serde(default)]
    pub optional_filters: Vec<SearchFilter>,
    pub language_code: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FilterValueColumn {
    pub column_name: Option<String>,
    /// `unique` (distinct values, the default) or `all`.
    #[serde(rename = "type")]
    pub filter_type: Option<String>,
    /// Case-insensitive substring the values must contain.
    pub text: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Bool,
    Time,
    Int,
}

/// One searchable column of an entity, under its API name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    pub name: &'static str,
    pub kind: FieldKind,
}

impl FieldSpec {
    pub const fn text(name: &'static str) -> FieldSpec {
        FieldSpec { name, kind: FieldKind::Text }
    }
    pub const fn bool(name: &'static str) -> FieldSpec {
        FieldSpec { name, kind: FieldKind::Bool }
    }
    pub const fn time(name: &'static str) -> FieldSpec {
        FieldSpec { name, kind: FieldKind::Time }
    }
    pub const fn int(name: &'static str) -> FieldSpec {
        FieldSpec { name, kind: FieldKind::Int }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Text(String),
    Bool(bool),
    Time(DateTime<Utc>),
    Int(i64),
}

#[derive(Debug, Clone, PartialEq)]
pub enum FilterOp {
    /// Case-insensitive substring.
    Contains(String),
    /// Case-insensitive prefix.
    StartsWith(String),
    /// Case-insensitive for text.
    Equals(Scalar),
    /// Inclusive range.
    Between(Scalar, Scalar),
    In(Vec<Scalar>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    pub field: &'static str,
    pub op: FilterOp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortDir {
    Asc,
    Desc,
}

impl SortDir {
    pub fn parse(s: &str) -> Option<SortDir> {
        match s.trim().to_ascii_lowercase().as_str() {
            "asc" => Some(SortDir::Asc),
            "desc" => Some(SortDir::Desc),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SearchPlan {
    pub filters: Vec<Filter>,
    pub sort: Vec<(&'static str, SortDir)>,
    pub page_start: u64,
    pub page_fetch: u64,
}

impl SearchPlan {
    pub fn offset(&self) -> u64 {
        self.page_start.saturating_mul(self.page_fetch)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct FilterValueColumnPlan {
    pub field: FieldSpec,
    pub unique: bool,
    pub text: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FilterValuesPlan {
    pub columns: Vec<FilterValueColumnPlan>,
    pub optional: Vec<Filter>,
    pub limit: u64,
}

fn field<'a>(fields: &'a [FieldSpec], name: &str) -> Option<&'a FieldSpec> {
    fields.iter().find(|f| f.name.eq_ignore_ascii_case(name.trim()))
}

fn scalar_text(v: &Value) -> Result<Option<String>, PmsError> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) if s.chars().count() > MAX_FILTER_TEXT => Err(error::SEARCH_INVALID_FILTER_VALUE.err()),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        _ => Err(error::SEARCH_INVALID_FILTER_VALUE.err()),
    }
}

/// Dates as MOSIP clients send them: RFC 3339, `yyyy-MM-ddTHH:mm:ss[.SSS]` (UTC) or a bare date.
pub fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(Utc.from_utc_datetime(&t));
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| Utc.from_utc_datetime(&t))
}

fn is_bare_date(s: &str) -> bool {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").is_ok()
}

fn parse_scalar(kind: FieldKind, raw: &str, bad: error::Code) -> Result<Scalar, PmsError> {
    match kind {
        FieldKind::Text => Ok(Scalar::Text(raw.to_string())),
        FieldKind::Bool => match raw.trim().to_ascii_lowercase().as_str() {
            "true" => Ok(Scalar::Bool(true)),
            "false" => Ok(Scalar::Bool(false)),
            _ => Err(error::SEARCH_INVALID_FILTER_VALUE.err()),
        },
        FieldKind::Time => parse_time(raw).map(Scalar::Time).ok_or_else(|| bad.err()),
        FieldKind::Int => raw.trim().parse().map(Scalar::Int).map_err(|_| bad.err()),
    }
}

fn required_value(f: &SearchFilter) -> Result<String, PmsError> {
    f.value
        .as_ref()
        .map(scalar_text)
        .transpose()?
        .flatten()
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| error::SEARCH_INVALID_VALUE.err())
}

/// Validates one filter of a search request against the entity's columns.
pub fn plan_filter(f: &SearchFilter, fields: &[FieldSpec]) -> Result<Filter, PmsError> {
    let column = f
        .column_name
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .ok_or_else(|| error::SEARCH_COLUMN_MISSING.err())?;
    let spec = field(fields, column).ok_or_else(|| error::SEARCH_INVALID_COLUMN.fill(&[&column]))?;
    let filter_type = f
        .filter_type
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| error::SEARCH_FILTER_TYPE_MISSING.err())?;
    let has_value = f.value.as_ref().is_some_and(|v| !v.is_null());
    if has_value && f.values.as_ref().is_some_and(|v| !v.is_empty()) {
        return Err(error::SEARCH_VALUE_AND_VALUES.err());
    }
    let unsupported = || error::SEARCH_FILTER_TYPE_UNSUPPORTED.fill(&[&spec.name, &filter_type]);
    let op = match filter_type.to_ascii_lowercase().as_str() {
        "contains" => {
            if spec.kind != FieldKind::Text {
                return Err(unsupported());
            }
            let v = required_value(f)?;
            let v = v.trim().trim_matches('*').to_string();
            FilterOp::Contains(v)
        }
        "startswith" => {
            if spec.kind != FieldKind::Text {
                return Err(unsupported());
            }
            let v = required_value(f)?;
            FilterOp::StartsWith(v.trim().trim_end_matches('*').to_string())
        }
        "equals" => {
            let v = required_value(f)?;
            match spec.kind {
                // A bare date on a timestamp column means "that day".
                FieldKind::Time if is_bare_date(&v) => {
                    let start = parse_time(&v).ok_or_else(|| error::SEARCH_INVALID_VALUE.err())?;
                    let end = start + chrono::Duration::days(1) - chrono::Duration::milliseconds(1);
                    FilterOp::Between(Scalar::Time(start), Scalar::Time(end))
                }
                kind => FilterOp::Equals(parse_scalar(kind, v.trim(), error::SEARCH_INVALID_VALUE)?),
            }
        }
        "between" => {
            if !matches!(spec.kind, FieldKind::Time | FieldKind::Int) {
                return Err(unsupported());
            }
            let bound = |v: &Option<Value>| -> Result<Scalar, PmsError> {
                let raw = v
                    .as_ref()
                    .map(scalar_text)
                    .transpose()?
                    .flatten()
                    .ok_or_else(|| error::SEARCH_INVALID_RANGE.err())?;
                parse_scalar(spec.kind, &raw, error::SEARCH_INVALID_RANGE)
            };
            let (from, to) = (bound(&f.from_value)?, bound(&f.to_value)?);
            FilterOp::Between(from, to)
        }
        "in" => {
            let values = f.values.as_deref().unwrap_or_default();
            if values.is_empty() {
                return Err(error::SEARCH_INVALID_VALUE.err());
            }
            let mut parsed = Vec::with_capacity(values.len());
            for v in values {
                let raw = scalar_text(v)?.ok_or_else(|| error::SEARCH_INVALID_VALUE.err())?;
                parsed.push(parse_scalar(spec.kind, raw.trim(), error::SEARCH_INVALID_VALUE)?);
            }
            FilterOp::In(parsed)
        }
        _ => return Err(unsupported()),
    };
    Ok(Filter { field: spec.name, op })
}

pub fn plan_search(dto: &SearchRequest, fields: &[FieldSpec]) -> Result<SearchPlan, PmsError> {
    let filters = dto.filters.iter().map(|f| plan_filter(f, fields)).collect::<Result<Vec<_>, _>>()?;
    let mut sort = Vec::with_capacity(dto.sort.len());
    for s in &dto.sort {
        let (Some(name), Some(dir)) = (
            s.sort_field.as_deref().filter(|v| !v.trim().is_empty()),
            s.sort_type.as_deref().filter(|v| !v.trim().is_empty()),
        ) else {
            return Err(error::SEARCH_SORT_MISSING.err());
        };
        let spec = field(fields, name).ok_or_else(|| error::SEARCH_INVALID_SORT_FIELD.fill(&[&name]))?;
        let dir = SortDir::parse(dir).ok_or_else(|| error::SEARCH_INVALID_SORT_TYPE.fill(&[&dir]))?;
        sort.push((spec.name, dir));
    }
    let page = dto.pagination.ok_or_else(|| error::SEARCH_PAGINATION_NULL.err())?;
    if !(0..=MAX_PAGE_START).contains(&page.page_start) || page.page_fetch < 1 {
        return Err(error::SEARCH_INVALID_PAGINATION.fill(&[&page.page_start, &page.page_fetch]));
    }
    Ok(SearchPlan {
        filters,
        sort,
        page_start: page.page_start as u64,
        page_fetch: (page.page_fetch as u64).min(MAX_PAGE_FETCH),
    })
}

pub fn plan_filter_values(dto: &FilterValueRequest, fields: &[FieldSpec]) -> Result<FilterValuesPlan, PmsError> {
    let mut columns = Vec::with_capacity(dto.filters.len());
    for c in &dto.filters {
        let name = c
            .column_name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .ok_or_else(|| error::SEARCH_COLUMN_MISSING.err())?;
        let spec = *field(fields, name).ok_or_else(|| error::SEARCH_INVALID_COLUMN.fill(&[&name]))?;
        if matches!(spec.kind, FieldKind::Time | FieldKind::Int) {
            return Err(error::SEARCH_FILTER_VALUE_TYPE_UNSUPPORTED.err());
        }
        let unique = match c.filter_type.as_deref().map(|t| t.trim().to_ascii_lowercase()).as_deref() {
            None | Some("") | Some("unique") => true,
            Some("all") => false,
            Some(_) => return Err(error::SEARCH_FILTER_VALUE_TYPE_UNSUPPORTED.err()),
        };
        let text = c.text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
        if text.as_ref().is_some_and(|t| t.chars().count() > MAX_FILTER_TEXT) {
            return Err(error::SEARCH_INVALID_FILTER_VALUE.err());
        }
        columns.push(FilterValueColumnPlan { field: spec, unique, text });
    }
    let optional = dto.optional_filters.iter().map(|f| plan_filter(f, fields)).collect::<Result<Vec<_>, _>>()?;
    Ok(FilterValuesPlan { columns, optional, limit: MAX_FILTER_VALUES })
}

/// One value offered by a filter-values request (`fieldID`, `fieldValue`, `fieldCode`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterValue {
    pub field: &'static str,
    pub value: String,
    pub code: String,
}

/// A page of results with the total count of matching rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
}

impl<T> Page<T> {
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page { items: self.items.into_iter().map(f).collect(), total: self.total }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const FIELDS: &[FieldSpec] =
        &[FieldSpec::text("name"), FieldSpec::text("desc"), FieldSpec::bool("isActive"), FieldSpec::time("crDtimes")];

    fn dto(v: Value) -> SearchRequest {
        serde_json::from_value(v).unwrap()
    }

    fn code(v: Value) -> &'static str {
        plan_search(&dto(v), FIELDS).unwrap_err().code
    }

    #[test]
    fn full_plan() {
        let plan = plan_search(
            &dto(json!({
                "filters": [
                    {"columnName": "NAME", "type": "contains", "value": "*bank*"},
                    {"columnName": "isActive", "type": "equals", "value": true},
                    {"columnName": "crDtimes", "type": "between", "fromValue": "2025-01-01", "toValue": "2025-12-31T23:59:59.999Z"},
                    {"columnName": "desc", "type": "in", "values": ["a", "b"]},
                    {"columnName": "name", "type": "startsWith", "value": "Ba*"}
                ],
                "sort": [{"sortField": "crdtimes", "sortType": "DESC"}],
                "pagination": {"pageStart": 2, "pageFetch": 5000}
            })),
            FIELDS,
        )
        .unwrap();
        assert_eq!(plan.filters[0], Filter { field: "name", op: FilterOp::Contains("bank".into()) });
        assert_eq!(plan.filters[1].op, FilterOp::Equals(Scalar::Bool(true)));
        assert!(matches!(plan.filters[2].op, FilterOp::Between(Scalar::Time(_), Scalar::Time(_))));
        assert_eq!(plan.filters[3].op, FilterOp::In(vec![Scalar::Text("a".into()), Scalar::Text("b".into())]));
        assert_eq!(plan.filters[4].op, FilterOp::StartsWith("Ba".into()));
        assert_eq!(plan.sort, vec![("crDtimes", SortDir::Desc)]);
        assert_eq!((plan.page_start, plan.page_fetch), (2, MAX_PAGE_FETCH));
        assert_eq!(plan.offset(), 2 * MAX_PAGE_FETCH);
    }

    #[test]
    fn error_codes() {
        let page = json!({"pageStart": 0, "pageFetch": 10});
        assert_eq!(code(json!({"filters": [{"type": "equals", "value": "x"}], "pagination": page})), "PMS-MSD-311");
        assert_eq!(
            code(json!({"filters": [{"columnName": "nope", "type": "equals", "value": "x"}], "pagination": page})),
            "PMS-MSD-310"
        );
        assert_eq!(code(json!({"filters": [{"columnName": "name", "value": "x"}], "pagination": page})), "PMS-MSD-312");
        assert_eq!(
            code(
                json!({"filters": [{"columnName": "name", "type": "equals", "value": "x", "values": ["y"]}], "pagination": page})
            ),
            "PMS-MSD-392"
        );
        assert_eq!(
            code(
                json!({"filters": [{"columnName": "isActive", "type": "equals", "value": "yes"}], "pagination": page})
            ),
            "PMS-MSD-390"
        );
        assert_eq!(
            code(
                json!({"filters": [{"columnName": "isActive", "type": "contains", "value": "t"}], "pagination": page})
            ),
            "PMS-MSD-318"
        );
        assert_eq!(
            code(json!({"filters": [{"columnName": "name", "type": "fuzzy", "value": "t"}], "pagination": page})),
            "PMS-MSD-318"
        );
        assert_eq!(
            code(json!({"filters": [{"columnName": "name", "type": "equals"}], "pagination": page})),
            "PMS-MSD-316"
        );
        assert_eq!(
            code(
                json!({"filters": [{"columnName": "crDtimes", "type": "between", "fromValue": "x", "toValue": "2025-01-01"}], "pagination": page})
            ),
            "PMS-MSD-315"
        );
        assert_eq!(
            code(json!({"filters": [{"columnName": "name", "type": "in", "values": []}], "pagination": page})),
            "PMS-MSD-316"
        );
        assert_eq!(
            code(json!({"filters": [{"columnName": "name", "type": "equals", "value": {"a": 1}}], "pagination": page})),
            "PMS-MSD-390"
        );
        assert_eq!(code(json!({"sort": [{"sortField": "name"}], "pagination": page})), "PMS-MSD-314");
        assert_eq!(code(json!({"sort": [{"sortField": "zzz", "sortType": "asc"}], "pagination": page})), "PMS-MSD-357");
        assert_eq!(code(json!({"sort": [{"sortField": "name", "sortType": "up"}], "pagination": page})), "PMS-MSD-358");
        assert_eq!(code(json!({})), "PMS-MSD-356");
        assert_eq!(code(json!({"pagination": {"pageStart": -1, "pageFetch": 10}})), "PMS-MSD-313");
        assert_eq!(code(json!({"pagination": {"pageStart": 0, "pageFetch": 0}})), "PMS-MSD-313");
    }

    #[test]
    fn filter_texts_are_bounded() {
        let long = "x".repeat(MAX_FILTER_TEXT + 1);
        let page = json!({"pageStart": 0, "pageFetch": 10});
        let at_max = "x".repeat(MAX_FILTER_TEXT);
        assert!(plan_search(
            &dto(json!({"filters": [{"columnName": "name", "type": "contains", "value": at_max}], "pagination": page})),
            FIELDS
        )
        .is_ok());
        assert_eq!(
            code(json!({"filters": [{"columnName": "name", "type": "contains", "value": long}], "pagination": page})),
            "PMS-MSD-390"
        );
        let values = json!({"filters": [{"columnName": "name", "text": long}]});
        let e = plan_filter_values(&serde_json::from_value(values).unwrap(), FIELDS).unwrap_err();
        assert_eq!(e.code, "PMS-MSD-390");
    }

    #[test]
    fn huge_pages_are_bounded() {
        let plan =
            plan_search(&dto(json!({"pagination": {"pageStart": MAX_PAGE_START, "pageFetch": i64::MAX}})), FIELDS)
                .unwrap();
        assert_eq!((plan.page_start, plan.page_fetch), (MAX_PAGE_START as u64, MAX_PAGE_FETCH));
        assert!(plan.offset() <= i64::MAX as u64);
        for start in [MAX_PAGE_START + 1, i64::MAX] {
            let e =
                plan_search(&dto(json!({"pagination": {"pageStart": start, "pageFetch": 10}})), FIELDS).unwrap_err();
            assert_eq!(e.code, "PMS-MSD-313", "{start}");
        }
    }

    #[test]
    fn messages_name_the_offender() {
        let e = plan_search(
            &dto(json!({"filters": [{"columnName": "policyGroupNam", "type": "equals", "value": "x"}], "pagination": {"pageStart": 0, "pageFetch": 1}})),
            FIELDS,
        )
        .unwrap_err();
        assert_eq!(e.message, "Invalid column received : policyGroupNam");
    }

    #[test]
    fn equals_on_a_bare_date_spans_the_day() {
        let f = plan_filter(
            &serde_json::from_value(json!({"columnName": "crDtimes", "type": "equals", "value": "2025-03-04"}))
                .unwrap(),
            FIELDS,
        )
        .unwrap();
        let FilterOp::Between(Scalar::Time(a), Scalar::Time(b)) = f.op else { panic!("{f:?}") };
        assert_eq!(a.to_rfc3339(), "2025-03-04T00:00:00+00:00");
        assert_eq!((b - a).num_milliseconds(), 86_400_000 - 1);
    }

    #[test]
    fn filter_values_plan() {
        let plan = plan_filter_values(
            &serde_json::from_value(json!({
                "filters": [{"columnName": "name", "type": "all", "text": " ba "}, {"columnName": "isActive"}],
                "optionalFilters": [{"columnName": "desc", "type": "contains", "value": "x"}]
            }))
            .unwrap(),
            FIELDS,
        )
        .unwrap();
        assert_eq!(plan.columns.len(), 2);
        assert!(!plan.columns[0].unique);
        assert_eq!(plan.columns[0].text.as_deref(), Some("ba"));
        assert!(plan.columns[1].unique);
        assert_eq!(plan.optional.len(), 1);
        let err = |v: Value| plan_filter_values(&serde_json::from_value(v).unwrap(), FIELDS).unwrap_err().code;
        assert_eq!(err(json!({"filters": [{"columnName": "crDtimes"}]})), "PMS-MSD-324");
        assert_eq!(err(json!({"filters": [{"columnName": "name", "type": "some"}]})), "PMS-MSD-324");
        assert_eq!(err(json!({"filters": [{"columnName": "bogus"}]})), "PMS-MSD-310");
        assert_eq!(err(json!({"filters": [{}]})), "PMS-MSD-311");
    }

    #[test]
    fn times_in_mosip_formats() {
        for s in [
            "2025-01-02T03:04:05.678Z",
            "2025-01-02T03:04:05.678",
            "2025-01-02 03:04:05",
            "2025-01-02T05:04:05.678+02:00",
        ] {
            let t = parse_time(s).unwrap();
            assert_eq!(t.format("%Y-%m-%d %H").to_string(), "2025-01-02 03", "{s}");
        }
        assert!(parse_time("yesterday").is_none());
    }
}
