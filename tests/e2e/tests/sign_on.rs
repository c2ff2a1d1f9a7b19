//! Single sign-on in the browser: the production server configured with
//! `[oidc]` and no local accounts (its address in `E2E_SSO_URL`), beside
//! a real OpenID provider (npm's `oidc-provider`; `scripts/test` starts
//! both). The sign-in page offers only "Sign in with Company SSO"; a
//! person with a role comes back signed in under their e-mail address and
//! reads payments; signing out signs out of the provider too (it asks to
//! confirm, sends the browser back, and asks for the password next time);
//! a person whose groups give no role comes back to the sign-in page,
//! told why.

use payments_e2e::Journey;

/// From the sign-in page, which offers only the provider, through the
/// provider's login form as `who`.
async fn sign_on(j: &Journey, base: &str, who: &str) {
    j.open_on(base, "/").await;
    j.find("a.pc-button").await;
    assert!(
        j.js("const f = document.querySelector('form.pc-form'); return !f || f.hidden")
            .await
            .as_bool()
            .unwrap_or(false),
        "no password form when local accounts are off"
    );
    j.sign_on(base, who).await;
}

#[tokio::test]
async fn people_sign_on_with_the_company_provider_and_are_told_when_refused() {
    let base = std::env::var("E2E_SSO_URL")
        .expect("E2E_SSO_URL is not set: run the journeys through scripts/test");
    let j = Journey::start_signed_out().await;

    sign_on(&j, &base, "ada").await;
    j.until("signed in under the provider's name", || async {
        j.texts(".pc-who")
            .await
            .iter()
            .any(|t| t.contains("Signed in as ada@example.com"))
    })
    .await;
    j.open_on(&base, "/c/reviewrover").await;
    j.until("rows", || async { !j.all("tbody tr").await.is_empty() })
        .await;
    j.button("Sign out").await.click().await.unwrap();
    // The provider's own sign-out: it asks, then sends the browser back.
    j.find("button[name=logout][value=yes]")
        .await
        .click()
        .await
        .expect("the provider's sign-out");
    j.find("a.pc-button").await;
    assert!(j.url().await.starts_with(&base), "back at the console");
    // Signing on again asks for the password again.
    sign_on(&j, &base, "ada").await;
    j.until("signed in again", || async {
        j.texts(".pc-who")
            .await
            .iter()
            .any(|t| t.contains("ada@example.com"))
    })
    .await;
    j.finish().await;

    // Another person, in a browser of their own (the provider remembers
    // who signed on in the first).
    let j = Journey::start_signed_out().await;
    sign_on(&j, &base, "mallory").await;
    j.sees("gives you no role here").await;
    assert!(j.url().await.contains("sign_in=no-role"));
    assert!(j.texts(".pc-who").await.is_empty(), "nobody is signed in");
    j.finish().await;
}
