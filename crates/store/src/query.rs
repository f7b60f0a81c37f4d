//! Turns validated search plans into SQL conditions and orderings. Columns are reached only through
//! per-entity whitelists, so no client-supplied name ever reaches SQL.

pub use pms_domain::search::FilterValue;
use pms_domain::search::{FieldKind, Filter, FilterOp, Scalar, SortDir};
use sea_orm::sea_query::{Alias, Condition, Expr, Func, LikeExpr, SimpleExpr};
use sea_orm::{ConnectionTrait, DbBackend, Order, QueryOrder, Value};

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

/// How text is matched on the backend in use. SQLite's `LIKE` already ignores ASCII case and its
/// `lower()` folds nothing else, so wrapping the column would only cost a function call per row;
/// PostgreSQL's `lower()` folds all of Unicode (and its trigram indexes are built on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect(pub DbBackend);

impl Dialect {
    pub fn of(conn: &impl ConnectionTrait) -> Dialect {
        Dialect(conn.get_database_backend())
    }

    fn like(self, expr: SimpleExpr, text: &str, prefix: bool) -> SimpleExpr {
        let (column, text) = match self.0 {
            DbBackend::Postgres => (lower(expr), text.to_lowercase()),
            _ => (expr, text.to_string()),
        };
        let body = escape_like(&text);
        let pattern = if prefix { format!("{body}%") } else { format!("%{body}%") };
        Expr::expr(column).like(LikeExpr::new(pattern).escape('\\'))
    }

    /// Case-insensitive substring match.
    pub fn contains(self, expr: SimpleExpr, text: &str) -> SimpleExpr {
        self.like(expr, text, false)
    }

    /// Case-insensitive prefix match.
    pub fn starts_with(self, expr: SimpleExpr, text: &str) -> SimpleExpr {
        self.like(expr, text, true)
    }
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
    if kind == FieldKind::Text {
        lower(expr)
    } else {
        expr
    }
}

pub fn filter_expr(filter: &Filter, columns: ColumnMap, dialect: Dialect) -> Option<SimpleExpr> {
    let (expr, kind) = columns(filter.field)?;
    Some(match &filter.op {
        FilterOp::Contains(text) => dialect.contains(expr, text),
        FilterOp::StartsWith(text) => dialect.starts_with(expr, text),
        FilterOp::Equals(v) => Expr::expr(operand(expr, kind)).eq(value(v)),
        FilterOp::Between(from, to) => Expr::expr(operand(expr, kind)).between(value(from), value(to)),
        FilterOp::In(values) => Expr::expr(operand(expr, kind)).is_in(values.iter().map(value)),
    })
}

/// All filters, ANDed. A field missing from the map is a programming error in the entity's
/// whitelist; it is reported rather than silently ignored.
pub fn condition(filters: &[Filter], columns: ColumnMap, dialect: Dialect) -> crate::Result<Condition> {
    let mut cond = Condition::all();
    for f in filters {
        let expr = filter_expr(f, columns, dialect)
            .ok_or_else(|| crate::StoreError::Internal(format!("no column for search field {}", f.field)))?;
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

/// Applies client sorts, then a unique tie-breaker so pages never overlap or skip rows. The
/// tie-breaker runs in the direction of the last sort, so that an index on `(column, id)` serves
/// the whole ORDER BY and a page is read without sorting the matching rows.
pub fn sorted<Q: QueryOrder>(
    mut q: Q,
    sort: &[(&str, SortDir)],
    columns: ColumnMap,
    tie_breaker: SimpleExpr,
) -> crate::Result<Q> {
    for (field, dir) in sort {
        // Text sorts ignore case, as people read lists; time and id sorts use their indexes.
        let (expr, kind) =
            columns(field).ok_or_else(|| crate::StoreError::Internal(format!("no column for sort field {field}")))?;
        q = q.order_by(operand(expr, kind), order(*dir));
    }
    let last = sort.last().map(|(_, dir)| *dir).unwrap_or(SortDir::Asc);
    Ok(q.order_by(tie_breaker, order(last)))
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
    let dialect = Dialect::of(conn);
    let optional = condition(&plan.optional, columns, dialect)?;
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
        let mut q = base.clone().select_only().filter(optional.clone()).filter(Expr::expr(expr.clone()).is_not_null());
        if let Some(text) = &column.text {
            q = q.filter(dialect.contains(expr.clone(), text));
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

/// `SELECT COUNT(*)` over a query's filter. (SeaORM's `count` wraps the query, selecting every
/// column, which keeps SQLite from answering from a covering index.)
pub async fn count<E: sea_orm::EntityTrait>(
    conn: &impl sea_orm::ConnectionTrait,
    select: sea_orm::Select<E>,
) -> crate::Result<u64> {
    use sea_orm::QuerySelect;
    let n: Option<i64> =
        select.select_only().column_as(Expr::cust("COUNT(*)"), "n").into_tuple::<i64>().one(conn).await?;
    Ok(n.unwrap_or(0).max(0) as u64)
}

/// One page of an already filtered query: the total, then the rows in the requested order.
pub async fn page<E: sea_orm::EntityTrait>(
    conn: &impl sea_orm::ConnectionTrait,
    base: sea_orm::Select<E>,
    sort: &[(&str, SortDir)],
    columns: ColumnMap,
    tie_breaker: SimpleExpr,
    offset: u64,
    limit: u64,
) -> crate::Result<pms_domain::search::Page<E::Model>> {
    use sea_orm::QuerySelect;
    let total = count(conn, base.clone()).await?;
    let items = sorted(base, sort, columns, tie_breaker)?.offset(offset).limit(limit).all(conn).await?;
    Ok(pms_domain::search::Page { items, total })
}

/// The revision number after the highest one `history` holds (1 for the first).
pub async fn next_revision<E: sea_orm::EntityTrait>(
    conn: &impl sea_orm::ConnectionTrait,
    history: sea_orm::Select<E>,
    rev: E::Column,
) -> crate::Result<i32> {
    use sea_orm::QuerySelect;
    let last: Option<i32> = history
        .select_only()
        .column_as(Expr::col(rev).max(), "rev")
        .into_tuple::<Option<i32>>()
        .one(conn)
        .await?
        .flatten();
    Ok(last.unwrap_or(0) + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(escape_like("50%_off\\"), "50\\%\\_off\\\\");
    }
}
