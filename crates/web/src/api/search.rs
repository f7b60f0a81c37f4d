//! MOSIP's legacy search (`SearchDto`) and filter-values (`FilterValueDto`) bodies as they travel
//! and are documented; the rules that read them are in `pms_domain::search`.

use pms_domain::search as domain;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SearchDto {
    #[serde(default)]
    pub filters: Vec<SearchFilter>,
    #[serde(default)]
    pub sort: Vec<SearchSort>,
    pub pagination: Option<Pagination>,
    pub language_code: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SearchFilter {
    #[schema(example = "name")]
    pub column_name: Option<String>,
    /// `contains`, `equals`, `startsWith`, `between` or `in`.
    #[serde(rename = "type")]
    #[schema(example = "contains")]
    pub filter_type: Option<String>,
    #[schema(value_type = Option<String>, example = "bank")]
    pub value: Option<Value>,
    #[schema(value_type = Option<Vec<String>>)]
    pub values: Option<Vec<Value>>,
    #[schema(value_type = Option<String>)]
    pub from_value: Option<Value>,
    #[schema(value_type = Option<String>)]
    pub to_value: Option<Value>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SearchSort {
    #[schema(example = "crDtimes")]
    pub sort_field: Option<String>,
    #[schema(example = "desc")]
    pub sort_type: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Pagination {
    /// Zero-based page index.
    pub page_start: i64,
    /// Page size.
    pub page_fetch: i64,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FilterValueDto {
    #[serde(default)]
    pub filters: Vec<FilterValueColumn>,
    #[serde(default)]
    pub optional_filters: Vec<SearchFilter>,
    pub language_code: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FilterValueColumn {
    #[schema(example = "name")]
    pub column_name: Option<String>,
    /// `unique` (distinct values, the default) or `all`.
    #[serde(rename = "type")]
    pub filter_type: Option<String>,
    /// Case-insensitive substring the values must contain.
    pub text: Option<String>,
}

impl From<SearchFilter> for domain::SearchFilter {
    fn from(f: SearchFilter) -> Self {
        let SearchFilter { column_name, filter_type, value, values, from_value, to_value } = f;
        domain::SearchFilter { column_name, filter_type, value, values, from_value, to_value }
    }
}

impl From<SearchDto> for domain::SearchRequest {
    fn from(d: SearchDto) -> Self {
        domain::SearchRequest {
            filters: d.filters.into_iter().map(Into::into).collect(),
            sort: d
                .sort
                .into_iter()
                .map(|s| domain::SearchSort { sort_field: s.sort_field, sort_type: s.sort_type })
                .collect(),
            pagination: d.pagination.map(|p| domain::Pagination { page_start: p.page_start, page_fetch: p.page_fetch }),
            language_code: d.language_code,
        }
    }
}

impl From<FilterValueDto> for domain::FilterValueRequest {
    fn from(d: FilterValueDto) -> Self {
        domain::FilterValueRequest {
            filters: d
                .filters
                .into_iter()
                .map(|c| domain::FilterValueColumn {
                    column_name: c.column_name,
                    filter_type: c.filter_type,
                    text: c.text,
                })
                .collect(),
            optional_filters: d.optional_filters.into_iter().map(Into::into).collect(),
            language_code: d.language_code,
        }
    }
}
