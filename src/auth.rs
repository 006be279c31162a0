//! Credentials for MLflow's `basic-auth` app: the `Authorization: Basic …` header value, and the
//! session that carries it. Pure (no DOM), tested natively; the browser keeps the session in
//! `sessionStorage` (see `context.rs`).

/// Who is signed in to MLflow's `basic-auth` app, and on which server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub username: String,
    /// The `Authorization` header value. Never logged, never put in a URL.
    pub authorization: String,
    /// The origin of the server the credentials were checked against
    /// ([`crate::config::server_origin`]): they are sent to that origin only, and choosing
    /// another server signs out.
    pub origin: String,
}

impl Session {
    /// Stored as `origin\nusername\nauthorization` (none of them can contain a newline).
    pub fn encode(&self) -> String {
        format!("{}\n{}\n{}", self.origin, self.username, self.authorization)
    }

    /// Reads [`Session::encode`] back. A session stored without its origin (an older build,
    /// two lines) is not used: it could belong to any server.
    pub fn decode(text: &str) -> Option<Session> {
        let mut parts = text.splitn(3, '\n');
        let (origin, username, authorization) = (parts.next()?, parts.next()?, parts.next()?);
        Some(Session {
            username: username.to_string(),
            authorization: authorization.to_string(),
            origin: origin.to_string(),
        })
    }
}

/// The `Authorization` header value for `username` / `password` (RFC 7617, UTF-8).
pub fn basic_authorization(username: &str, password: &str) -> Result<String, String> {
    if username.is_empty() {
        return Err("Enter a username".into());
    }
    if username.contains(':') {
        return Err("A username cannot contain ':'".into());
    }
    if username
        .chars()
        .chain(password.chars())
        .any(char::is_control)
    {
        return Err("Usernames and passwords cannot contain control characters".into());
    }
    Ok(format!(
        "Basic {}",
        base64(format!("{username}:{password}").as_bytes())
    ))
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_round_trip_with_their_origin() {
        let s = Session {
            username: "ana".into(),
            authorization: basic_authorization("ana", "pw:with\u{e9}").unwrap(),
            origin: "http://127.0.0.1:5000".into(),
        };
        assert_eq!(Session::decode(&s.encode()), Some(s));
        // an older two-line session (no origin) is not used
        assert_eq!(Session::decode("ana\nBasic YW5hOnB3"), None);
    }

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn basic_header_is_utf8_user_colon_password() {
        assert_eq!(
            basic_authorization("Aladdin", "open sesame").unwrap(),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        // RFC 7617 §2.1 example with a non-ASCII password
        assert_eq!(
            basic_authorization("test", "123£").unwrap(),
            "Basic dGVzdDoxMjPCow=="
        );
        assert!(basic_authorization("", "x").is_err());
        assert!(basic_authorization("a:b", "x").is_err());
        assert!(basic_authorization("a", "x\ny").is_err());
    }
}
