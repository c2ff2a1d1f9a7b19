//! What a session's `User-Agent` says of the browser and system it was
//! started from, for the person's list of their sessions: proper names
//! only ("Firefox", "Windows"), none when the header names neither, so
//! that no English word crosses to the console.

/// The browser and system a session was started from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Browser {
    pub browser: Option<&'static str>,
    pub system: Option<&'static str>,
}

/// Browsers, by the token that names them, most specific first (Edge and
/// Opera also say "Chrome", Chrome also says "Safari").
const BROWSERS: &[(&str, &str)] = &[
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("HeadlessChrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
    ("curl/", "curl"),
];

/// Systems, by the token that names them, most specific first (Android
/// also says "Linux", iOS also says "Mac OS X").
const SYSTEMS: &[(&str, &str)] = &[
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
];

impl Browser {
    /// The browser and system `user_agent` names.
    pub fn of(user_agent: &str) -> Browser {
        let find = |list: &[(&str, &'static str)]| {
            list.iter()
                .find(|(token, _)| user_agent.contains(token))
                .map(|(_, name)| *name)
        };
        Browser {
            browser: find(BROWSERS),
            system: find(SYSTEMS),
        }
    }

    /// As the store keeps it: `browser/system`, either part possibly empty.
    pub fn stored(&self) -> String {
        format!(
            "{}/{}",
            self.browser.unwrap_or_default(),
            self.system.unwrap_or_default()
        )
    }

    /// Read back from [`Browser::stored`]: names the lists know only.
    pub fn read(stored: &str) -> Browser {
        let (b, s) = stored.split_once('/').unwrap_or_default();
        let known = |list: &[(&str, &'static str)], name: &str| {
            list.iter().map(|(_, n)| *n).find(|n| *n == name)
        };
        Browser {
            browser: known(BROWSERS, b),
            system: known(SYSTEMS, s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browsers_and_systems_are_named_by_their_most_specific_token() {
        let cases = [
            ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0 Safari/537.36", Some("Chrome"), Some("Linux")),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120 Safari/537.36 Edg/120", Some("Edge"), Some("Windows")),
            ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1; rv:121.0) Gecko/20100101 Firefox/121.0", Some("Firefox"), Some("macOS")),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Version/17.1 Mobile/15E148 Safari/604.1", Some("Safari"), Some("iOS")),
            ("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36", Some("Chrome"), Some("Android")),
            ("", None, None),
            ("<script>alert(1)</script>", None, None),
        ];
        for (ua, browser, system) in cases {
            let b = Browser::of(ua);
            assert_eq!((b.browser, b.system), (browser, system), "{ua}");
            assert_eq!(Browser::read(&b.stored()), b, "{ua}");
        }
        assert_eq!(Browser::read("Evil/Thing"), Browser::default());
    }
}
