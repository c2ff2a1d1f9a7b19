//! A page's stream of changes (`/gateway/events`), read as the browser's
//! `EventSource` reads it: events of `event:`, `id:` and `data:` lines,
//! heartbeat comments passed over.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;

use super::Signed;

/// How long a test waits for an event before it calls it missing (a
/// bound against hanging, not a measure: events come within a second).
const PATIENCE: Duration = Duration::from_secs(15);

pub struct Stream {
    answer: reqwest::Response,
    buffer: String,
}

impl Stream {
    /// Opens `who`'s stream on `base` (`query` as `?tab=…`); the refusal's
    /// status and body otherwise.
    pub async fn open(
        base: &str,
        who: &Signed,
        query: &str,
    ) -> Result<Stream, (StatusCode, Value)> {
        Stream::request(base, who, query, None).await
    }

    /// Opens it again after the change `last` (`Last-Event-ID`).
    pub async fn open_after(
        base: &str,
        who: &Signed,
        query: &str,
        last: &str,
    ) -> Result<Stream, (StatusCode, Value)> {
        Stream::request(base, who, query, Some(last)).await
    }

    async fn request(
        base: &str,
        who: &Signed,
        query: &str,
        last: Option<&str>,
    ) -> Result<Stream, (StatusCode, Value)> {
        let mut r = reqwest::Client::new()
            .get(format!("{base}/gateway/events{query}"))
            .header("Cookie", &who.cookie)
            .header("Accept", "text/event-stream");
        if let Some(id) = last {
            r = r.header("Last-Event-ID", id);
        }
        let answer = r.send().await.unwrap();
        if answer.status() != StatusCode::OK {
            let status = answer.status();
            return Err((status, answer.json().await.unwrap_or_default()));
        }
        let kind = answer.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(kind.starts_with("text/event-stream"), "{kind}");
        assert_eq!(answer.headers()["x-accel-buffering"], "no");
        Ok(Stream {
            answer,
            buffer: String::new(),
        })
    }

    /// The next event: its name, id and data; `None` when the stream
    /// ended or none came.
    pub async fn next(&mut self) -> Option<(String, String, Value)> {
        tokio::time::timeout(PATIENCE, self.read_event())
            .await
            .ok()?
    }

    async fn read_event(&mut self) -> Option<(String, String, Value)> {
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let (mut event, mut id, mut data) = (String::new(), String::new(), String::new());
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        event = v.trim().to_string();
                    } else if let Some(v) = line.strip_prefix("id:") {
                        id = v.trim().to_string();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.trim_start());
                    }
                }
                if !event.is_empty() {
                    return Some((event, id, serde_json::from_str(&data).unwrap_or_default()));
                }
            }
            let chunk = self.answer.chunk().await.ok()??;
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
}
