//! Turns validated search plans into SQL conditions and orderings. Columns are reached only through
//! per-entity whitelists, so no client-supplied name ever reaches SQL.

use pms_domain::search::{FieldKind, Filter, FilterOp, Scalar, SortDir};
use sea_orm::sea_query::{Alias, Condition, Expr, Func, LikeExpr, SimpleExpr};
use sea_orm::{Order, QueryOrder, Value};

/// Maps an API field name of a [`pms_domain::search::FieldSpec`] list to its SQL expression.
pub type ColumnMap = fn(&str) -> Option<(SimpleExpr, FieldKind)>;

pub fn col(table: &str, column: &str) -> SimpleExpr {
    Expr::col((Alias::new(table), Alias::new(column))).into()
}

/// `%` and `_` in user text are literals, not wildcards.
pub fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn lower(expr: SimpleExpr) -> SimpleExpr {
    Func::lower(expr).into()
}

/// Case-insensitive substring match.
pub fn contains(expr: SimpleExpr, text: &str) -> SimpleExpr {
    let pattern = format!("%{}%", escape_like(&text.to_lowercase()));
    Expr::expr(lower(expr)).like(LikeExpr::new(pattern).escape('\\'))
}

pub fn starts_with(expr: SimpleExpr, text: &str) -> SimpleExpr {
    let pattern = format!("{}%", escape_like(&text.to_lowercase()));
    Expr::expr(lower(expr)).like(LikeExpr::new(pattern).escape('\\'))
}

fn value(s: &Scalar) -> Value {
    match s {
        Scalar::Text(t) => Value::from(t.to_lowercase()),
        Scalar::Bool(b) => Value::from(*b),
        Scalar::Time(t) => Value::from(*t),
        Scalar::Int(i) => Value::from(*i),
    }
}

fn operand(expr: SimpleExpr, kind: FieldKind) -> SimpleExpr {
    if kind == FieldKind::Text { lower(expr) } else { expr }
}

pub fn filter_expr(filter: &Filter, columns: ColumnMap) -> Option<SimpleExpr> {
    let (expr, kind) = columns(filter.field)?;
    Some(match &filter.op {
        FilterOp::Contains(text) => contains(expr, text),
        FilterOp::StartsWith(text) => starts_with(expr, text),
        FilterOp::Equals(v) => Expr::expr(operand(expr, kind)).eq(value(v)),
        FilterOp::Between(from, to) => Expr::expr(operand(expr, kind)).between(value(from), value(to)),
        FilterOp::In(values) => Expr::expr(operand(expr, kind)).is_in(values.iter().map(value)),
    })
}

/// All filters, ANDed. A field missing from the map is a programming error in the entity's
/// whitelist; it is reported rather than silently ignored.
pub fn condition(filters: &[Filter], columns: ColumnMap) -> Result<Condition, String> {
    let mut cond = Condition::all();
    for f in filters {
        let expr = filter_expr(f, columns).ok_or_else(|| format!("no column for search field {}", f.field))?;
        cond = cond.add(expr);
    }
    Ok(cond)
}

pub fn order(dir: SortDir) -> Order {
    match dir {
        SortDir::Asc => Order::Asc,
        SortDir::Desc => Order::Desc,
    }
}

/// Applies client sorts, then a unique tie-breaker so pages never overlap or skip rows.
pub fn sorted<Q: QueryOrder>(
    mut q: Q,
    sort: &[(&str, SortDir)],
    columns: ColumnMap,
    tie_breaker: SimpleExpr,
) -> Result<Q, String> {
    for (field, dir) in sort {
        // Text sorts ignore case, as people read lists; time and id sorts use their indexes.
        let (expr, kind) = columns(field).ok_or_else(|| format!("no column for sort field {field}"))?;
        q = q.order_by(operand(expr, kind), order(*dir));
    }
    Ok(q.order_by(tie_breaker, Order::Asc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(escape_like("50%_off\\"), "50\\%\\_off\\\\");
    }
}

/// One value offered by a filter-values request (`fieldID`, `fieldValue`, `fieldCode`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterValue {
    pub field: &'static str,
    pub value: String,
    pub code: String,
}

/// Runs a filter-values plan on `base` (which carries the entity's joins): distinct or all values of
/// each requested column, optionally containing a text, capped at the plan's limit.
pub async fn filter_values<E: sea_orm::EntityTrait>(
    conn: &impl sea_orm::ConnectionTrait,
    base: sea_orm::Select<E>,
    plan: &pms_domain::search::FilterValuesPlan,
    columns: ColumnMap,
    code: SimpleExpr,
) -> crate::Result<Vec<FilterValue>> {
    use sea_orm::{QueryFilter, QuerySelect};
    let optional = condition(&plan.optional, columns).map_err(crate::StoreError::Internal)?;
    let mut out = Vec::new();
    for column in &plan.columns {
        if column.field.kind == FieldKind::Bool {
            for v in ["true", "false"] {
                out.push(FilterValue { field: column.field.name, value: v.into(), code: v.into() });
            }
            continue;
        }
        let (expr, _) = columns(column.field.name)
            .ok_or_else(|| crate::StoreError::Internal(format!("no column for {}", column.field.name)))?;
        let mut q = base
            .clone()
            .select_only()
            .filter(optional.clone())
            .filter(Expr::expr(expr.clone()).is_not_null());
        if let Some(text) = &column.text {
            q = q.filter(contains(expr.clone(), text));
        }
        let rows: Vec<(String, String)> = if column.unique {
            q.column_as(expr.clone(), "v")
                .column_as(SimpleExpr::from(Func::min(code.clone())), "c")
                .group_by(expr.clone())
                .order_by(expr, Order::Asc)
                .limit(plan.limit)
                .into_tuple()
                .all(conn)
                .await?
        } else {
            q.column_as(expr.clone(), "v")
                .column_as(code.clone(), "c")
                .order_by(expr, Order::Asc)
                .order_by(code.clone(), Order::Asc)
                .limit(plan.limit)
                .into_tuple()
                .all(conn)
                .await?
        };
        out.extend(rows.into_iter().map(|(value, code)| FilterValue { field: column.field.name, value, code }));
    }
    Ok(out)
}
