//! Everything that knows MLflow's wire format: serde types, request builders, paging and
//! errors. The browser client that sends the requests lives in `client` (wasm only); the rest
//! compiles and tests natively. Nothing outside this module reads MLflow's JSON.

pub mod api;
pub mod de;
pub mod error;
pub mod files;
#[cfg(not(target_arch = "wasm32"))]
#[doc(hidden)]
pub mod fuzz;
pub mod graphql;
pub mod paging;
pub mod retry;
pub mod wire;
pub mod wire_auth;

#[cfg(target_arch = "wasm32")]
pub mod client;

pub use error::ApiError;

/// Decodes a JSON body, describing failures without echoing the body.
pub fn decode<T: serde::de::DeserializeOwned>(url: &str, text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|e| ApiError::Decode {
        url: url.to_string(),
        detail: if text.trim_start().starts_with('<') {
            "the body was HTML, not MLflow JSON (is the URL right?)".to_string()
        } else {
            format!("the body was not the expected JSON ({e})")
        },
    })
}
