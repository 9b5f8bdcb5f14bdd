use afterloop_domain::wire::Health;
use afterloop_tests::spawn_app;

#[tokio::test]
async fn health_reports_ok_with_the_worker_version() {
    let app = spawn_app();

    let resp = app.get("/api/v1/health").await;

    assert_eq!(resp.status(), 200);
    let health: Health = resp.json().await.unwrap();
    assert_eq!(health.status, "ok");
    assert_eq!(health.version, env!("CARGO_PKG_VERSION"));
}
