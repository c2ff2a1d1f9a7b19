//! The standalone console: the whole page is the app.

fn main() {
    payments_console::start_standalone();
}
