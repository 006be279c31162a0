//! What the signed-in user may change, decided from MLflow's own answers (basic-auth app,
//! MLflow 3.17):
//!
//! 1. `GET /api/2.0/mlflow/users/current` — who is signed in, and whether they are an admin.
//! 2. `GET /api/3.0/mlflow/users/current/permissions` — their explicit grants.
//! 3. for a resource no grant names, `GET /api/3.0/mlflow/users/permissions/get` with their own
//!    name — MLflow resolves the effective level (grants, then the server's default).
//!
//! A server without the auth app answers 404 to (1): nothing is known, controls stay enabled and
//! MLflow decides on save. A 403 on a save is remembered ([`Access::refused`]) so the control
//! turns disabled with MLflow's message. MLflow calls these answers advisory; it checks every
//! write itself, so a wrong guess here costs a clear error, never a silent write.
//!
//! The level each write needs ([`Write::required`]) was read from MLflow 3.17's auth validators
//! and checked against a running server with READ, EDIT and MANAGE users (see the README's
//! "Editing" section): deleting an alias, a model version tag or a logged model tag needs
//! MANAGE, every other edit EDIT.

use crate::mlflow::wire_auth::Grant;
use std::collections::HashMap;

/// MLflow's permission levels, weakest first (`DENY` is an explicit refusal).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Deny,
    NoPermissions,
    Read,
    Use,
    Edit,
    Manage,
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        Some(match s.trim().to_ascii_uppercase().as_str() {
            "DENY" => Level::Deny,
            "NO_PERMISSIONS" => Level::NoPermissions,
            "READ" => Level::Read,
            "USE" => Level::Use,
            "EDIT" => Level::Edit,
            "MANAGE" => Level::Manage,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Level::Deny => "DENY",
            Level::NoPermissions => "NO_PERMISSIONS",
            Level::Read => "READ",
            Level::Use => "USE",
            Level::Edit => "EDIT",
            Level::Manage => "MANAGE",
        }
    }
}

/// A resource MLflow grants permissions on.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Resource {
    /// Runs and logged models inherit their experiment's permission.
    Experiment(String),
    /// Model versions and aliases inherit their registered model's permission.
    RegisteredModel(String),
}

impl Resource {
    /// `resource_type` in MLflow's permission API.
    pub fn type_name(&self) -> &'static str {
        match self {
            Resource::Experiment(_) => "experiment",
            Resource::RegisteredModel(_) => "registered_model",
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Resource::Experiment(id) | Resource::RegisteredModel(id) => id,
        }
    }

    /// `experiment 3`, `registered model iris-classifier`.
    pub fn describe(&self) -> String {
        match self {
            Resource::Experiment(id) => format!("experiment {id}"),
            Resource::RegisteredModel(name) => format!("registered model {name}"),
        }
    }

    /// Grant types below this resource that MLflow 3.17 can use instead of it
    /// (`logged_model` / `registered_model_version` grants with a `*` pattern).
    fn sub_types(&self) -> &'static [&'static str] {
        match self {
            Resource::Experiment(_) => &["logged_model", "run"],
            Resource::RegisteredModel(_) => &["registered_model_version"],
        }
    }
}

/// Every write the app sends, one per MLflow endpoint (and use).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Write {
    SetAlias,
    DeleteAlias,
    CreateRegisteredModel,
    CreateModelVersion,
    SetLoggedModelTag,
    DeleteLoggedModelTag,
    SetRunTag,
    DeleteRunTag,
    /// `runs/set-tag` with `mlflow.note.content`.
    SetRunDescription,
    SetRegisteredModelTag,
    DeleteRegisteredModelTag,
    SetRegisteredModelDescription,
    SetModelVersionTag,
    DeleteModelVersionTag,
    SetModelVersionDescription,
}

impl Write {
    pub const ALL: [Write; 15] = [
        Write::SetAlias,
        Write::DeleteAlias,
        Write::CreateRegisteredModel,
        Write::CreateModelVersion,
        Write::SetLoggedModelTag,
        Write::DeleteLoggedModelTag,
        Write::SetRunTag,
        Write::DeleteRunTag,
        Write::SetRunDescription,
        Write::SetRegisteredModelTag,
        Write::DeleteRegisteredModelTag,
        Write::SetRegisteredModelDescription,
        Write::SetModelVersionTag,
        Write::DeleteModelVersionTag,
        Write::SetModelVersionDescription,
    ];

    /// The level needed on the governing resource; `None`: any signed-in user (MLflow lets
    /// every user create a registered model and makes them its manager).
    pub fn required(self) -> Option<Level> {
        match self {
            Write::CreateRegisteredModel => None,
            Write::DeleteAlias | Write::DeleteLoggedModelTag | Write::DeleteModelVersionTag => {
                Some(Level::Manage)
            }
            _ => Some(Level::Edit),
        }
    }

    /// `METHOD path` of the endpoint, for messages and the README's list.
    pub fn endpoint(self) -> &'static str {
        match self {
            Write::SetAlias => "POST registered-models/alias",
            Write::DeleteAlias => "DELETE registered-models/alias",
            Write::CreateRegisteredModel => "POST registered-models/create",
            Write::CreateModelVersion => "POST model-versions/create",
            Write::SetLoggedModelTag => "PATCH logged-models/{id}/tags",
            Write::DeleteLoggedModelTag => "DELETE logged-models/{id}/tags/{key}",
            Write::SetRunTag | Write::SetRunDescription => "POST runs/set-tag",
            Write::DeleteRunTag => "POST runs/delete-tag",
            Write::SetRegisteredModelTag => "POST registered-models/set-tag",
            Write::DeleteRegisteredModelTag => "DELETE registered-models/delete-tag",
            Write::SetRegisteredModelDescription => "PATCH registered-models/update",
            Write::SetModelVersionTag => "POST model-versions/set-tag",
            Write::DeleteModelVersionTag => "DELETE model-versions/delete-tag",
            Write::SetModelVersionDescription => "PATCH model-versions/update",
        }
    }

    /// What the user is trying to do, for the disabled reason.
    pub fn doing(self) -> &'static str {
        match self {
            Write::SetAlias => "Setting or moving an alias",
            Write::DeleteAlias => "Removing an alias",
            Write::CreateRegisteredModel => "Creating a registered model",
            Write::CreateModelVersion => "Linking a model to the registry",
            Write::SetLoggedModelTag | Write::SetRunTag => "Changing tags",
            Write::SetRegisteredModelTag | Write::SetModelVersionTag => "Changing tags",
            Write::DeleteLoggedModelTag => "Removing a logged model's tag",
            Write::DeleteRunTag | Write::DeleteRegisteredModelTag => "Removing tags",
            Write::DeleteModelVersionTag => "Removing a model version's tag",
            Write::SetRunDescription
            | Write::SetRegisteredModelDescription
            | Write::SetModelVersionDescription => "Editing the description",
        }
    }
}

/// Whether a control may be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Capability {
    Allowed,
    /// Disabled, with the reason shown beside it.
    Denied(String),
    /// Not known (no auth app, or MLflow did not say): enabled, MLflow decides on save.
    Unknown(String),
}

impl Capability {
    pub fn enabled(&self) -> bool {
        !matches!(self, Capability::Denied(_))
    }

    /// The reason, for a tooltip (also when the answer is only unknown).
    pub fn reason(&self) -> Option<&str> {
        match self {
            Capability::Allowed => None,
            Capability::Denied(r) | Capability::Unknown(r) => Some(r),
        }
    }

    /// The reason shown beside a disabled control.
    pub fn denied_reason(&self) -> Option<&str> {
        match self {
            Capability::Denied(r) => Some(r),
            _ => None,
        }
    }
}

/// Everything known about the signed-in user's permissions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Access {
    /// `Some((username, is_admin))` when the server answered `users/current`; `None` when it
    /// has no auth app (404) or could not be asked.
    pub user: Option<(String, bool)>,
    pub grants: Vec<Grant>,
    /// Effective levels MLflow resolved for resources no grant names.
    pub effective: HashMap<Resource, Level>,
    /// 403s met on saves: MLflow's message, by resource and write.
    pub refused: HashMap<(Resource, Write), String>,
}

impl Access {
    /// The level on `r`, when known: admins manage everything; explicit grants decide next (a
    /// `DENY` among them wins, else the strongest); then what MLflow resolved.
    pub fn level(&self, r: &Resource) -> Option<Level> {
        let (_, is_admin) = self.user.as_ref()?;
        if *is_admin {
            return Some(Level::Manage);
        }
        let matching: Vec<Level> = self
            .grants
            .iter()
            .filter(|g| {
                g.resource_type == r.type_name()
                    && (g.resource_pattern == r.id() || g.resource_pattern == "*")
            })
            .filter_map(|g| Level::parse(&g.permission))
            .collect();
        if matching.contains(&Level::Deny) {
            return Some(Level::Deny);
        }
        matching
            .into_iter()
            .max()
            .or_else(|| self.effective.get(r).copied())
    }

    /// True when MLflow should be asked for the effective level on `r`.
    pub fn needs_effective(&self, r: &Resource) -> bool {
        matches!(&self.user, Some((_, false)))
            && self.level(r).is_none()
            && !self.effective.contains_key(r)
    }

    /// Whether the user may send `w` on `r`.
    pub fn can(&self, w: Write, r: &Resource) -> Capability {
        if let Some(message) = self.refused.get(&(r.clone(), w)) {
            return Capability::Denied(format!("MLflow refused this: {message}"));
        }
        let Some((_, is_admin)) = &self.user else {
            return Capability::Unknown(
                "This server does not say what you may change; MLflow checks when you save.".into(),
            );
        };
        let Some(needed) = w.required() else {
            return Capability::Allowed;
        };
        let sub_grants = !is_admin
            && self.grants.iter().any(|g| {
                r.sub_types().contains(&g.resource_type.as_str())
                    && Level::parse(&g.permission).is_some()
            });
        match self.level(r) {
            _ if sub_grants => Capability::Unknown(format!(
                "You have grants below {}; MLflow checks when you save.",
                r.describe()
            )),
            Some(have) if have >= needed => Capability::Allowed,
            Some(have) => Capability::Denied(format!(
                "{} needs {} on {}; you have {}.",
                w.doing(),
                needed.name(),
                r.describe(),
                have.name()
            )),
            None => Capability::Unknown(format!(
                "Your permission on {} is not known; MLflow checks when you save.",
                r.describe()
            )),
        }
    }

    /// Remembers a 403 so the control is disabled with MLflow's own words.
    pub fn refuse(&mut self, w: Write, r: &Resource, message: &str) {
        let message = if message.trim().is_empty() {
            "permission denied".to_string()
        } else {
            crate::mlflow::error::clip(message.trim(), 300)
        };
        self.refused.insert((r.clone(), w), message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(p: &str, t: &str, id: &str) -> Grant {
        Grant {
            permission: p.into(),
            resource_type: t.into(),
            resource_pattern: id.into(),
        }
    }

    fn user(grants: Vec<Grant>) -> Access {
        Access {
            user: Some(("u".into(), false)),
            grants,
            ..Access::default()
        }
    }

    fn exp(id: &str) -> Resource {
        Resource::Experiment(id.into())
    }

    fn rm(name: &str) -> Resource {
        Resource::RegisteredModel(name.into())
    }

    #[test]
    fn levels_parse_and_order() {
        assert_eq!(Level::parse("edit"), Some(Level::Edit));
        assert_eq!(Level::parse("bogus"), None);
        assert!(Level::Manage > Level::Edit && Level::Edit > Level::Use);
        assert!(Level::Read > Level::NoPermissions && Level::NoPermissions > Level::Deny);
    }

    /// The matrix measured on MLflow 3.17.2 (README "Editing"): EDIT may do everything but
    /// remove aliases, model version tags and logged model tags; READ may do none of it.
    #[test]
    fn edit_and_read_users_match_what_mlflow_allowed() {
        let edit = user(vec![
            grant("EDIT", "experiment", "1"),
            grant("EDIT", "registered_model", "clf"),
        ]);
        let manage_only = [
            Write::DeleteAlias,
            Write::DeleteModelVersionTag,
            Write::DeleteLoggedModelTag,
        ];
        for w in Write::ALL {
            let r = match w {
                Write::SetLoggedModelTag
                | Write::DeleteLoggedModelTag
                | Write::SetRunTag
                | Write::DeleteRunTag
                | Write::SetRunDescription => exp("1"),
                _ => rm("clf"),
            };
            let can = edit.can(w, &r);
            assert_eq!(can.enabled(), !manage_only.contains(&w), "{w:?}: {can:?}");
            if manage_only.contains(&w) {
                assert!(can.reason().unwrap().contains("needs MANAGE"), "{can:?}");
                assert!(can.reason().unwrap().contains("you have EDIT"), "{can:?}");
            }
        }
        let read = user(vec![
            grant("READ", "experiment", "1"),
            grant("READ", "registered_model", "clf"),
        ]);
        let c = read.can(Write::SetRunTag, &exp("1"));
        assert_eq!(
            c,
            Capability::Denied("Changing tags needs EDIT on experiment 1; you have READ.".into())
        );
        assert!(!read.can(Write::SetAlias, &rm("clf")).enabled());
        // any signed-in user may create a registered model
        assert_eq!(
            read.can(Write::CreateRegisteredModel, &rm("new")),
            Capability::Allowed
        );
    }

    #[test]
    fn grants_match_by_id_or_star_and_deny_wins() {
        let a = user(vec![
            grant("READ", "experiment", "*"),
            grant("MANAGE", "experiment", "7"),
            grant("EDIT", "registered_model", "clf"),
            grant("DENY", "registered_model", "*"),
        ]);
        assert_eq!(a.level(&exp("7")), Some(Level::Manage));
        assert_eq!(a.level(&exp("8")), Some(Level::Read));
        assert_eq!(a.level(&rm("clf")), Some(Level::Deny));
        // an experiment grant says nothing about a registered model of the same id
        let b = user(vec![grant("EDIT", "experiment", "clf")]);
        assert_eq!(b.level(&rm("clf")), None);
        assert!(b.needs_effective(&rm("clf")));
    }

    #[test]
    fn admins_may_do_everything_and_unknown_servers_leave_it_to_mlflow() {
        let admin = Access {
            user: Some(("admin".into(), true)),
            ..Access::default()
        };
        for w in Write::ALL {
            assert_eq!(admin.can(w, &exp("1")), Capability::Allowed);
        }
        assert!(!admin.needs_effective(&exp("1")));
        let no_auth = Access::default();
        let c = no_auth.can(Write::DeleteAlias, &rm("clf"));
        assert!(c.enabled() && matches!(c, Capability::Unknown(_)), "{c:?}");
        assert!(!no_auth.needs_effective(&rm("clf")));
    }

    #[test]
    fn the_effective_level_fills_in_when_no_grant_names_the_resource() {
        let mut a = user(vec![]);
        assert!(matches!(
            a.can(Write::SetRunTag, &exp("2")),
            Capability::Unknown(_)
        ));
        a.effective.insert(exp("2"), Level::Read);
        assert!(!a.needs_effective(&exp("2")));
        assert!(!a.can(Write::SetRunTag, &exp("2")).enabled());
        // an explicit grant beats the resolved default
        a.grants.push(grant("EDIT", "experiment", "2"));
        assert!(a.can(Write::SetRunTag, &exp("2")).enabled());
    }

    #[test]
    fn a_refusal_disables_that_write_with_mlflows_message() {
        let mut a = Access::default();
        a.refuse(
            Write::SetAlias,
            &rm("clf"),
            "Permission denied for <b>admin</b>",
        );
        let c = a.can(Write::SetAlias, &rm("clf"));
        assert_eq!(
            c,
            Capability::Denied("MLflow refused this: Permission denied for <b>admin</b>".into())
        );
        assert!(a.can(Write::SetAlias, &rm("other")).enabled());
        assert!(a.can(Write::SetRegisteredModelTag, &rm("clf")).enabled());
    }

    #[test]
    fn sub_resource_grants_make_the_answer_unknown() {
        let a = user(vec![
            grant("READ", "experiment", "1"),
            grant("EDIT", "logged_model", "*"),
        ]);
        assert!(matches!(
            a.can(Write::SetLoggedModelTag, &exp("1")),
            Capability::Unknown(_)
        ));
    }
}
