// Prints SQLite's query plan for a statement: `cargo run -p pms-bench --example explain -- <url> <sql>`.
use pms_store::sea_orm::{ConnectionTrait, Statement};
#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let store = pms_store::Store::connect(&args[1], &Default::default()).await.unwrap();
    let backend = store.db().get_database_backend();
    let v: Vec<_> = store
        .db()
        .query_all(Statement::from_string(backend, "select sqlite_version() as v".to_string()))
        .await
        .unwrap();
    println!("version {:?}", v[0].try_get::<String>("", "v"));
    for row in
        store.db().query_all(Statement::from_string(backend, format!("EXPLAIN QUERY PLAN {}", args[2]))).await.unwrap()
    {
        println!("{:?}", row.try_get::<String>("", "detail"));
    }
    let t = std::time::Instant::now();
    let _ = store.db().query_all(Statement::from_string(backend, args[2].clone())).await.unwrap();
    println!("took {:?}", t.elapsed());
}
