//! Password checks on a bounded pool. Each argon2 check needs its hash's
//! memory (19 MiB with the default parameters); run without a bound, a
//! burst of sign-ins would allocate that for every request at once. Here
//! a fixed set of worker threads, no more than the machine has cores,
//! each keeps one block of memory and reuses it for every check, and at
//! most [`QUEUE`] checks wait; a further one is refused at once
//! ([`Busy`]), so memory stays bounded whatever arrives.

use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};

use argon2::password_hash::{Output, PasswordHash};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::oneshot;

/// Checks that may wait for a worker.
pub const QUEUE: usize = 64;
/// The most memory one check may use (a configured hash that asks for
/// more is refused when the configuration is read).
pub const MAX_MEMORY_KIB: u32 = 64 * 1024;

/// The pool is full: try again shortly.
#[derive(Debug, PartialEq, Eq)]
pub struct Busy;

struct Job {
    hash: Arc<str>,
    password: String,
    answer: oneshot::Sender<bool>,
}

/// The workers and their queue.
pub struct Checker {
    jobs: SyncSender<Job>,
    workers: usize,
}

impl Checker {
    /// A pool of one worker per core (at most `max_workers`).
    pub fn new(max_workers: usize) -> Result<Checker, String> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let workers = cores.min(max_workers).max(1);
        let (jobs, queue) = sync_channel::<Job>(QUEUE);
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..workers {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("password-check-{n}"))
                .spawn(move || work(&queue))
                .map_err(|e| format!("cannot start the password checks: {e}"))?;
        }
        Ok(Checker { jobs, workers })
    }

    /// How many checks run at once.
    pub fn workers(&self) -> usize {
        self.workers
    }

    /// Whether `password` matches `hash` (a PHC argon2 string); `Busy`
    /// when the queue is full.
    pub async fn verify(&self, hash: Arc<str>, password: String) -> Result<bool, Busy> {
        let (answer, heard) = oneshot::channel();
        match self.jobs.try_send(Job {
            hash,
            password,
            answer,
        }) {
            Ok(()) => Ok(heard.await.unwrap_or(false)),
            Err(TrySendError::Full(_)) | Err(TrySendError::Disconnected(_)) => Err(Busy),
        }
    }
}

fn work(queue: &Mutex<Receiver<Job>>) {
    let mut memory: Vec<Block> = Vec::new();
    loop {
        let job = {
            let q = queue.lock().unwrap_or_else(|p| p.into_inner());
            q.recv()
        };
        let Ok(job) = job else { return };
        let ok = verify_with(&mut memory, &job.hash, job.password.as_bytes());
        let _ = job.answer.send(ok);
    }
}

/// Checks `password` against the PHC string `hash`, computing in
/// `memory` (grown once to the hash's size, then reused); the comparison
/// takes the same time wherever the outputs differ.
pub fn verify_with(memory: &mut Vec<Block>, hash: &str, password: &[u8]) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    let (Ok(algorithm), Ok(params)) = (
        Algorithm::try_from(parsed.algorithm),
        Params::try_from(&parsed),
    ) else {
        return false;
    };
    if params.m_cost() > MAX_MEMORY_KIB {
        return false;
    }
    let version = match parsed.version.map(Version::try_from) {
        None => Version::default(),
        Some(Ok(v)) => v,
        Some(Err(_)) => return false,
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return false;
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let blocks = params.block_count();
    if memory.len() < blocks {
        memory.resize(blocks, Block::default());
    }
    let mut out = vec![0u8; expected.len()];
    let argon = Argon2::new(algorithm, version, params);
    if argon
        .hash_password_into_with_memory(password, salt, &mut out, &mut memory[..blocks])
        .is_err()
    {
        return false;
    }
    Output::new(&out).is_ok_and(|o| o == expected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gateway::accounts::hash_password;

    #[test]
    fn the_pool_agrees_with_argon2_itself() {
        use argon2::password_hash::PasswordVerifier;
        let hash = hash_password("correct horse").unwrap();
        let parsed = PasswordHash::new(&hash).unwrap();
        let mut memory = Vec::new();
        for typed in ["correct horse", "correct horse ", "", "Correct horse"] {
            let argon2_says = Argon2::default()
                .verify_password(typed.as_bytes(), &parsed)
                .is_ok();
            assert_eq!(
                verify_with(&mut memory, &hash, typed.as_bytes()),
                argon2_says,
                "{typed:?}"
            );
        }
        assert!(verify_with(&mut memory, &hash, b"correct horse"));
        assert!(!verify_with(&mut memory, &hash, b"correct horse "));
        assert!(!verify_with(&mut memory, "not a hash", b""));
        let kib = memory.len(); // blocks of 1 KiB
        assert!(verify_with(&mut memory, &hash, b"correct horse"));
        assert_eq!(memory.len(), kib, "the memory is reused, not grown");
    }

    #[tokio::test]
    async fn a_full_queue_is_busy_at_once() {
        let checker = Checker::new(1).unwrap();
        let hash: Arc<str> = hash_password("x").unwrap().into();
        let checker = Arc::new(checker);
        let mut waiting = Vec::new();
        for _ in 0..(QUEUE + 8) {
            let (c, h) = (checker.clone(), hash.clone());
            waiting.push(tokio::spawn(async move { c.verify(h, "x".into()).await }));
        }
        let mut busy = 0;
        let mut checked = 0;
        for w in waiting {
            match w.await.unwrap() {
                Ok(true) => checked += 1,
                Err(Busy) => busy += 1,
                Ok(false) => panic!("the right password was refused"),
            }
        }
        assert!(busy >= 1, "some were refused ({checked} checked)");
        assert!(checked >= QUEUE, "the queue's worth ran ({checked})");
    }
}
