//! A person's sessions, in two browsers signed in as the same person
//! through the demo gateway: the Sessions page (from the header) lists
//! both, this browser first and marked, with the browser, address, way of
//! signing in and times; "End" on the other signs that browser out at
//! once, and the page says so in its live region. The page passes axe.

use payments_e2e::Journey;

#[tokio::test]
async fn a_person_sees_their_sessions_and_ends_another() {
    let laptop = Journey::start_as("editor").await;
    let phone = Journey::start_as("editor").await;
    phone.open("/c/reviewrover").await;
    phone
        .until("rows", || async { !phone.all("tbody tr").await.is_empty() })
        .await;

    laptop.open("/").await;
    laptop.button("Sessions").await.click().await.unwrap();
    laptop.sees("Where you are signed in.").await;
    laptop
        .until("both sessions", || async {
            laptop.all(".pc-sessions__table tbody tr").await.len() >= 2
        })
        .await;
    let rows = laptop.texts(".pc-sessions__table tbody tr").await;
    assert!(rows[0].contains("This browser"), "{rows:?}");
    assert!(rows[0].contains("Chrome on Linux"), "{rows:?}");
    assert!(rows[0].contains("Name and password"), "{rows:?}");
    assert!(laptop.axe(".pc-sessions").await.is_empty());

    let ends = laptop.all(".pc-sessions__table tbody button").await;
    assert_eq!(ends.len(), rows.len() - 1, "every other session has End");
    laptop
        .button("End all other sessions")
        .await
        .click()
        .await
        .unwrap();
    laptop
        .until("said in the live region", || async {
            laptop
                .text(".pc-sessions__said")
                .await
                .contains("other session")
        })
        .await;
    laptop
        .until("this one left", || async {
            laptop.all(".pc-sessions__table tbody tr").await.len() == 1
        })
        .await;
    laptop.sees("You are signed in here only.").await;

    // The other browser is signed out: its next page asks it to sign in.
    phone.open("/c/reviewrover").await;
    phone.find("#pc-sign-in-name").await;
    laptop.finish().await;
    phone.finish().await;
}
