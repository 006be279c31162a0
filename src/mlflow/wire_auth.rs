//! Serde mirrors of MLflow's basic-auth answers about the signed-in user (3.17): who they are
//! (`users/current`), their grants (`/api/3.0/…/users/current/permissions`) and an effective
//! permission on one resource (`/api/3.0/…/users/permissions/get`). Lenient like [`super::wire`].

use super::de;
use serde::Deserialize;

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct AuthUser {
    #[serde(deserialize_with = "de::string")]
    pub username: String,
    #[serde(deserialize_with = "de::bool_lenient")]
    pub is_admin: bool,
}

/// `GET /api/2.0/mlflow/users/current`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct CurrentUserResponse {
    #[serde(deserialize_with = "de::null_default")]
    pub user: AuthUser,
}

/// One grant: `permission` (READ, USE, EDIT, MANAGE, DENY…) on resources of `resource_type`
/// matching `resource_pattern` (an id, a name, or `*`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Grant {
    #[serde(deserialize_with = "de::string")]
    pub permission: String,
    #[serde(deserialize_with = "de::string")]
    pub resource_type: String,
    #[serde(deserialize_with = "de::string")]
    pub resource_pattern: String,
}

/// `GET /api/3.0/mlflow/users/current/permissions`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct CurrentPermissionsResponse {
    #[serde(deserialize_with = "de::bool_lenient")]
    pub is_admin: bool,
    #[serde(deserialize_with = "de::null_default")]
    pub permissions: Vec<Grant>,
}

/// `GET /api/3.0/mlflow/users/permissions/get`: `{"allowed": true, "permission": "EDIT"}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct UserPermissionResponse {
    #[serde(deserialize_with = "de::string")]
    pub permission: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_captured_answers() {
        let me: CurrentUserResponse = serde_json::from_str(
            r#"{"is_basic_auth":true,"user":{"id":1,"is_admin":true,"username":"admin"}}"#,
        )
        .unwrap();
        assert_eq!(me.user.username, "admin");
        assert!(me.user.is_admin);
        let grants: CurrentPermissionsResponse = serde_json::from_str(
            r#"{"is_admin": false, "permissions": [{"permission": "EDIT", "resource_pattern": "1",
                "resource_type": "experiment", "role_id": 1, "role_name": "__user_2__",
                "workspace": "default"}]}"#,
        )
        .unwrap();
        assert_eq!(
            grants.permissions,
            vec![Grant {
                permission: "EDIT".into(),
                resource_type: "experiment".into(),
                resource_pattern: "1".into()
            }]
        );
        let one: UserPermissionResponse =
            serde_json::from_str(r#"{"allowed":true,"permission":"EDIT"}"#).unwrap();
        assert_eq!(one.permission, "EDIT");
        let odd: CurrentPermissionsResponse =
            serde_json::from_str(r#"{"permissions": null, "is_admin": "true"}"#).unwrap();
        assert!(odd.permissions.is_empty());
    }
}
