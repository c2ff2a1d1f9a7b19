//! One browser and two servers sharing one PostgreSQL store (the second
//! server's address in `E2E_SECOND_URL`; `scripts/test` starts both, and
//! the database): signed in through the first, the person is signed in
//! on the second; a payment made through the second is on the first's
//! Activity page; signing out on the first signs out on the second.

use payments_e2e::Journey;

#[tokio::test]
async fn two_servers_on_one_store_are_one_console_to_a_browser() {
    let second = std::env::var("E2E_SECOND_URL")
        .expect("E2E_SECOND_URL is not set: run the journeys through scripts/test");
    let j = Journey::start().await;
    assert_ne!(j.base, second);

    j.open_on(&second, "/c/reviewrover/new").await;
    j.until("signed in on the second server too", || async {
        j.texts(".pc-who")
            .await
            .iter()
            .any(|t| t.contains("Signed in as editor"))
    })
    .await;
    j.sees("New ReviewRover payment").await;
    j.fill("Contact ID", "cont_fleet").await;
    j.fill("Amount", "8.75").await;
    j.button("Save").await.click().await.unwrap();
    j.sees("cont_fleet").await;
    assert!(
        j.url().await.starts_with(&second),
        "saved through the second"
    );

    j.open("/activity").await;
    j.until(
        "the second server's write on the first's Activity page",
        || async {
            j.texts("tbody tr")
                .await
                .iter()
                .any(|r| r.contains("editor") && r.contains("amount 8.75"))
        },
    )
    .await;

    j.button("Sign out").await.click().await.unwrap();
    j.find("#pc-sign-in-name").await;
    j.open_on(&second, "/c/reviewrover").await;
    j.find("#pc-sign-in-name").await;
    j.finish().await;
}
