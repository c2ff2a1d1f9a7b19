//! Journey: four eyes. The demo holds a ReviewRover write touching
//! US$1,000.00 or more for a colleague's approval. `editor` creates a
//! large payment: it is sent for approval, not to the vendor, and what
//! they typed stays; they cannot approve it themselves. `editor-2` sees
//! it waiting in the header, opens it (the payment as it would be),
//! approves it with a reason; it is carried out, and `editor` is told
//! live. The Activity page tells the story; axe finds nothing wrong.
//! Then the other way round: `editor-2` deletes the large payment, which
//! is held too, and `editor` approves the delete (so the sandbox's
//! payments are as they were for the journeys that count them).

use payments_e2e::Journey;

#[tokio::test]
async fn one_person_asks_another_approves_and_the_activity_page_tells_the_story() {
    let a = Journey::start_as("editor").await;
    let b = Journey::start_as("editor-2").await;

    a.open("/c/reviewrover/new").await;
    a.sees("New ReviewRover payment").await;
    a.fill("Contact ID", "cont_four_eyes").await;
    a.fill("Amount", "2500.00").await;
    a.pick("Status", "pending").await;
    a.button("Save").await.click().await.unwrap();
    a.sees("Sent for approval (Large payments)").await;
    assert!(a.url().await.ends_with("/c/reviewrover/new"), "not saved");
    let amount = a.labelled("Amount").await.prop("value").await.unwrap();
    assert_eq!(amount.as_deref(), Some("2500.00"), "what was typed stays");
    let link = a.find(".pc-change a").await;
    let text = link.text().await.unwrap();
    assert!(text.starts_with("View request "), "{text}");
    let id = text.trim_start_matches("View request ").to_string();

    // The requester cannot approve their own request.
    link.click().await.unwrap();
    a.sees(&format!("Approval request {id}")).await;
    a.sees("You asked for this: a colleague must approve it.")
        .await;
    assert!(a.all(".pc-approvals__decide").await.is_empty());

    // The colleague sees it waiting, and what it would do.
    b.open("/c/reviewrover").await;
    b.button("Approvals (1 waiting for you)")
        .await
        .click()
        .await
        .unwrap();
    b.sees("Large payments").await;
    b.button(&format!("Approval request {id}"))
        .await
        .click()
        .await
        .unwrap();
    b.sees("Held by the rule “Large payments”.").await;
    b.sees("editor asked at").await;
    b.sees("2500.00").await;
    let found = b.axe("main").await;
    assert!(found.is_empty(), "{found:#?}");
    b.fill("Reason", "Signed contract on file").await;
    b.button("Approve").await.click().await.unwrap();
    b.sees("Your decision is recorded: the request is done.")
        .await;
    b.sees("Done").await;

    // The requester is told, live, on the page they are on.
    a.sees(&format!("Request {id} (Large payments) is now done."))
        .await;

    // The Activity page tells the story.
    a.open("/activity").await;
    a.sees(&format!("Held for approval (Large payments): request {id}"))
        .await;
    a.sees(&format!("Approved request {id}: Signed contract on file"))
        .await;
    a.sees(&format!(
        "carried out for request {id}, approved by editor-2"
    ))
    .await;

    // The other way round: a delete of the large payment is held too.
    let script = format!(
        "const row = [...document.querySelectorAll('main tr')]
           .find(r => r.textContent.includes('carried out for request {id},'));
         return row.querySelector('a[href*=\"/c/reviewrover/p/\"]').getAttribute('href');"
    );
    let payment = a.js(&script).await.as_str().unwrap().to_string();
    b.open(&payment).await;
    b.button("Delete").await.click().await.unwrap();
    b.button("Delete payment").await.click().await.unwrap();
    b.sees("Sent for approval (Large payments)").await;
    let second = b.find(".pc-change a").await.text().await.unwrap();
    let second = second.trim_start_matches("View request ").to_string();
    assert_ne!(second, id, "a request of its own");
    a.open("/c/reviewrover").await;
    a.button("Approvals (1 waiting for you)")
        .await
        .click()
        .await
        .unwrap();
    a.button(&format!("Approval request {second}"))
        .await
        .click()
        .await
        .unwrap();
    a.fill("Reason", "Entered by mistake").await;
    a.button("Approve").await.click().await.unwrap();
    a.sees("Your decision is recorded: the request is done.")
        .await;
    b.sees(&format!("Request {second} (Large payments) is now done."))
        .await;
    a.finish().await;
    b.finish().await;
}
