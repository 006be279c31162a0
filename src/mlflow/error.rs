//! The one error type for everything that can go wrong talking to MLflow.

use super::wire::ErrorBody;
use std::fmt;

/// What went wrong with one request, classified so the UI can say it plainly.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// No HTTP answer at all: server down, DNS, refused, or blocked by CORS.
    Network { url: String, detail: String },
    /// The request took longer than the client allows.
    Timeout { url: String, seconds: u32 },
    /// 401: the server wants credentials (MLflow `basic-auth`).
    Unauthorized { url: String },
    /// 403: signed in, but no permission for this resource.
    Forbidden { url: String, message: String },
    /// Any other non-2xx answer, with MLflow's `error_code`/`message` when it sent them.
    Http {
        url: String,
        status: u16,
        error_code: Option<String>,
        message: String,
    },
    /// A 2xx answer whose body was not the JSON we expected.
    Decode { url: String, detail: String },
    /// The request was cancelled (the user navigated away).
    Cancelled,
}

impl ApiError {
    /// Classifies a non-2xx answer from its status and body text.
    pub fn from_status(url: &str, status: u16, body: &str) -> ApiError {
        let parsed = serde_json::from_str::<ErrorBody>(body)
            .ok()
            .filter(|b| !b.error_code.is_empty() || !b.message.is_empty());
        let message = match &parsed {
            Some(b) if !b.message.is_empty() => clip(&b.message, 500),
            _ => describe_non_json(status, body),
        };
        match status {
            401 => ApiError::Unauthorized { url: url.into() },
            403 => ApiError::Forbidden {
                url: url.into(),
                message,
            },
            _ => ApiError::Http {
                url: url.into(),
                status,
                error_code: parsed.map(|b| b.error_code).filter(|c| !c.is_empty()),
                message,
            },
        }
    }

    /// A short headline for the error view.
    pub fn title(&self) -> String {
        match self {
            ApiError::Network { .. } => "Cannot reach the MLflow server".into(),
            ApiError::Timeout { .. } => "The MLflow server did not answer in time".into(),
            ApiError::Unauthorized { .. } => "Sign-in required".into(),
            ApiError::Forbidden { .. } => "You have no permission to see this".into(),
            ApiError::Http {
                status, error_code, ..
            } => match error_code {
                Some(code) => format!("MLflow answered {status} {code}"),
                None => format!("MLflow answered HTTP {status}"),
            },
            ApiError::Decode { .. } => "MLflow sent a response this app cannot read".into(),
            ApiError::Cancelled => "Request cancelled".into(),
        }
    }

    /// The detail line under the headline.
    pub fn detail(&self) -> String {
        match self {
            ApiError::Network { url, detail } => format!(
                "No answer from {url} ({detail}). Check that the server is running and that \
                 its URL in Settings is right; a server on another origin must allow this \
                 app's origin (mlflow server --cors-allowed-origins)."
            ),
            ApiError::Timeout { url, seconds } => {
                format!("{url} gave no answer within {seconds} s.")
            }
            ApiError::Unauthorized { url } => format!("{url} asks for a username and password."),
            ApiError::Forbidden { message, .. } => message.clone(),
            ApiError::Http { message, url, .. } => format!("{message} ({url})"),
            ApiError::Decode { url, detail } => format!("{detail} ({url})"),
            ApiError::Cancelled => String::new(),
        }
    }

    /// Whether trying the same request again may help.
    pub fn is_retryable(&self) -> bool {
        match self {
            ApiError::Network { .. } | ApiError::Timeout { .. } => true,
            ApiError::Http { status, .. } => *status >= 500 || *status == 429,
            _ => false,
        }
    }

    /// True for MLflow's "not found" answers.
    pub fn is_not_found(&self) -> bool {
        matches!(self, ApiError::Http { status: 404, .. })
            || matches!(self, ApiError::Http { error_code: Some(c), .. } if c == "RESOURCE_DOES_NOT_EXIST")
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.title(), self.detail())
    }
}

impl std::error::Error for ApiError {}

fn describe_non_json(status: u16, body: &str) -> String {
    let trimmed = body.trim();
    if trimmed.is_empty() {
        format!("HTTP {status} with an empty body")
    } else if trimmed.starts_with('<') {
        format!("HTTP {status}; the body was HTML, not MLflow JSON (a proxy or a wrong URL?)")
    } else {
        format!("HTTP {status}: {}", clip(trimmed, 300))
    }
}

/// Clips text to at most `max` characters, marking the cut.
pub fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mlflow_error_body_gives_code_and_message() {
        let body = r#"{"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "Run 'x' not found"}"#;
        let e = ApiError::from_status("/api/2.0/mlflow/runs/get", 404, body);
        assert_eq!(e.title(), "MLflow answered 404 RESOURCE_DOES_NOT_EXIST");
        assert!(e.detail().contains("Run 'x' not found"));
        assert!(e.is_not_found());
        assert!(!e.is_retryable());
    }

    #[test]
    fn html_body_is_described_not_shown() {
        let e = ApiError::from_status("/x", 502, "<html><script>alert(1)</script></html>");
        assert!(e.detail().contains("HTML"));
        assert!(!e.detail().contains("script"));
        assert!(e.is_retryable());
    }

    #[test]
    fn auth_statuses_are_classified() {
        assert!(matches!(
            ApiError::from_status("/x", 401, ""),
            ApiError::Unauthorized { .. }
        ));
        let e = ApiError::from_status(
            "/x",
            403,
            r#"{"error_code":"PERMISSION_DENIED","message":"Permission denied"}"#,
        );
        assert_eq!(e.title(), "You have no permission to see this");
        assert_eq!(e.detail(), "Permission denied");
    }

    #[test]
    fn long_bodies_are_clipped_on_char_boundaries() {
        let body = "é".repeat(10_000);
        let e = ApiError::from_status("/x", 500, &body);
        assert!(e.detail().chars().count() < 400);
    }
}
