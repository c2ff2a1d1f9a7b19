//! The state of a payments list: loading (keeping the rows shown so far),
//! ready, or failed (keeping them too), so a new query never blanks the
//! table and an error never loses what was on screen.

use payments_model::{ApiError, ListPage};

/// What the list has to show: a plain value, so its transitions are tested
/// without a browser.
#[derive(Clone, Debug, PartialEq)]
pub enum ListState {
    /// A request is under way; `previous` stays visible meanwhile.
    Loading {
        previous: Option<ListPage>,
    },
    Ready(ListPage),
    Failed {
        error: ApiError,
        previous: Option<ListPage>,
    },
}

impl ListState {
    /// The state once a new request starts: the rows shown so far stay.
    pub fn reloading(self) -> ListState {
        ListState::Loading {
            previous: self.into_page(),
        }
    }

    /// The state once the answer arrives.
    pub fn settle(self, result: Result<ListPage, ApiError>) -> ListState {
        match result {
            Ok(page) => ListState::Ready(page),
            Err(error) => ListState::Failed {
                error,
                previous: self.into_page(),
            },
        }
    }

    /// The rows to show, if any.
    pub fn page(&self) -> Option<&ListPage> {
        match self {
            ListState::Ready(p) => Some(p),
            ListState::Loading { previous } | ListState::Failed { previous, .. } => {
                previous.as_ref()
            }
        }
    }

    fn into_page(self) -> Option<ListPage> {
        match self {
            ListState::Ready(p) => Some(p),
            ListState::Loading { previous } | ListState::Failed { previous, .. } => previous,
        }
    }

    /// Whether a request is under way.
    pub fn is_loading(&self) -> bool {
        matches!(self, ListState::Loading { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use payments_model::PageInfo;

    fn page(n: usize) -> ListPage {
        ListPage {
            items: Vec::new(),
            info: PageInfo {
                page: Some(n as u32),
                ..PageInfo::default()
            },
        }
    }

    #[test]
    fn reloading_keeps_the_rows_on_screen() {
        let s = ListState::Ready(page(1)).reloading();
        assert!(s.is_loading());
        assert_eq!(s.page(), Some(&page(1)));
    }

    #[test]
    fn a_failure_keeps_the_previous_rows_and_the_error() {
        let err = ApiError::from_status(500, None);
        let s = ListState::Ready(page(1))
            .reloading()
            .settle(Err(err.clone()));
        assert_eq!(s.page(), Some(&page(1)));
        assert!(matches!(s, ListState::Failed { ref error, .. } if *error == err));
        let s = s.reloading().settle(Ok(page(2)));
        assert_eq!(s, ListState::Ready(page(2)));
    }
}
