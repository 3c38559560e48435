//! The API's one error type, its stable machine codes, and the single table
//! that maps each code to an HTTP status. Internal details stay out of what a
//! client sees: [`ApiError::public_message`] hides them, the server logs them.

use sitrep_store::StoreError;

use crate::dto::{ErrorBody, ErrorDto};

/// The stable machine code of an error, as clients see it in `error.code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    BadRequest,
    InvalidQuery,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    NotAcceptable,
    PayloadTooLarge,
    Internal,
    Unavailable,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 10] = [
        ErrorCode::BadRequest,
        ErrorCode::InvalidQuery,
        ErrorCode::Unauthorized,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::NotAcceptable,
        ErrorCode::PayloadTooLarge,
        ErrorCode::Internal,
        ErrorCode::Unavailable,
    ];

    /// The table: each code's word and HTTP status.
    pub const fn word_and_status(self) -> (&'static str, u16) {
        match self {
            ErrorCode::BadRequest => ("bad_request", 400),
            ErrorCode::InvalidQuery => ("invalid_query", 400),
            ErrorCode::Unauthorized => ("unauthorized", 401),
            ErrorCode::Forbidden => ("forbidden", 403),
            ErrorCode::NotFound => ("not_found", 404),
            ErrorCode::MethodNotAllowed => ("method_not_allowed", 405),
            ErrorCode::NotAcceptable => ("not_acceptable", 406),
            ErrorCode::PayloadTooLarge => ("payload_too_large", 413),
            ErrorCode::Internal => ("internal", 500),
            ErrorCode::Unavailable => ("unavailable", 503),
        }
    }

    pub const fn as_str(self) -> &'static str {
        self.word_and_status().0
    }

    pub const fn status(self) -> u16 {
        self.word_and_status().1
    }

    /// The first code with this status, for errors raised outside sitrep's
    /// handlers (middleware, the router) that only carry a status.
    pub fn for_status(status: u16) -> Option<ErrorCode> {
        Self::ALL.into_iter().find(|c| c.status() == status)
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything a request can fail with. The message of every variant but
/// [`ApiError::Internal`] is meant for the client and names the parameter at fault.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// A parameter could not be parsed (bad number, date, word).
    #[error("{0}")]
    BadRequest(String),
    /// The parameters parsed but do not make a valid query.
    #[error("{0}")]
    InvalidQuery(String),
    /// No key, or one that is unknown, revoked or expired.
    #[error("{0}")]
    Unauthorized(String),
    /// A key whose role does not allow the request.
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    MethodNotAllowed(String),
    #[error("{0}")]
    NotAcceptable(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    /// A fault on the server's side. The detail is for the log only.
    #[error("internal error: {0}")]
    Internal(String),
    #[error("{0}")]
    Unavailable(String),
}

impl ApiError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::BadRequest(_) => ErrorCode::BadRequest,
            ApiError::InvalidQuery(_) => ErrorCode::InvalidQuery,
            ApiError::Unauthorized(_) => ErrorCode::Unauthorized,
            ApiError::Forbidden(_) => ErrorCode::Forbidden,
            ApiError::NotFound(_) => ErrorCode::NotFound,
            ApiError::MethodNotAllowed(_) => ErrorCode::MethodNotAllowed,
            ApiError::NotAcceptable(_) => ErrorCode::NotAcceptable,
            ApiError::PayloadTooLarge(_) => ErrorCode::PayloadTooLarge,
            ApiError::Internal(_) => ErrorCode::Internal,
            ApiError::Unavailable(_) => ErrorCode::Unavailable,
        }
    }

    /// The HTTP status, from [`ErrorCode::word_and_status`].
    pub fn status(&self) -> u16 {
        self.code().status()
    }

    /// What the client may be told: everything but internal details.
    pub fn public_message(&self) -> String {
        match self {
            ApiError::Internal(_) => "internal server error".to_owned(),
            other => other.to_string(),
        }
    }

    /// The JSON body `{"error": {"code", "message"}}`.
    pub fn to_dto(&self) -> ErrorDto {
        ErrorDto {
            error: ErrorBody {
                code: self.code().as_str().to_owned(),
                message: self.public_message(),
            },
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::InvalidQuery(message) => ApiError::InvalidQuery(message),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<sitrep_model::ParseError> for ApiError {
    fn from(e: sitrep_model::ParseError) -> Self {
        ApiError::BadRequest(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_distinct_word_and_an_error_status() {
        let mut words: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        words.sort_unstable();
        words.dedup();
        assert_eq!(words.len(), ErrorCode::ALL.len());
        assert!(ErrorCode::ALL.iter().all(|c| c.status() >= 400));
        assert_eq!(ErrorCode::for_status(404), Some(ErrorCode::NotFound));
        assert_eq!(ErrorCode::for_status(400), Some(ErrorCode::BadRequest));
        assert_eq!(ErrorCode::for_status(418), None);
    }

    #[test]
    fn store_errors_map_to_400_or_a_500_that_leaks_nothing() {
        let bad: ApiError = StoreError::InvalidQuery("bbox: nope".into()).into();
        assert_eq!((bad.status(), bad.code().as_str()), (400, "invalid_query"));
        assert_eq!(bad.public_message(), "bbox: nope");
        let internal: ApiError = StoreError::Corrupt("row 7 of /secret/path".into()).into();
        assert_eq!(internal.status(), 500);
        let dto = internal.to_dto();
        assert_eq!(dto.error.code, "internal");
        assert!(!dto.error.message.contains("secret"));
        assert!(
            internal.to_string().contains("secret"),
            "the log keeps the detail"
        );
    }
}
