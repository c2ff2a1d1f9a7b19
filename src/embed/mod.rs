//! Embedding the console in a host page: `mount(element, options)` from
//! JavaScript, the `<payments-console>` element, and the DOM events the
//! console sends to its host. Options are read in [`options`]; the browser
//! side is in [`mount`] and [`element`].

pub mod element;
pub mod mount;
pub mod options;

pub use mount::{mount, Mounted};
pub use options::{EmbedOptions, Theme};

/// The console's styles, compiled in so a shadow root (or the standalone
/// page) can carry them without another download.
pub const STYLES: &str = include_str!("../../style/console.css");
