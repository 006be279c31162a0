//! Ready-made groups of editors for the pages: a logged model's registry panel (its aliases
//! where it is registered, else "Link to registry") and a registry version's editors.

use super::{AliasEditor, DescriptionEditor, LinkToRegistry, RegistryAliases, TagEditor};
use crate::domain::{ArtifactKind, Collection, Version};
use crate::edit::Target;
use crate::mlflow::wire::{ModelVersion, RegisteredModelAlias};
use leptos::prelude::*;

/// For a model version: alias editors for each registry version pointing at it, or the link
/// flow when none does. Nothing for datasets (MLflow's registry holds models only).
#[component]
pub fn RegistryPanel(collection: Collection, version: Version) -> impl IntoView {
    if collection.kind != ArtifactKind::Model {
        return ().into_any();
    }
    if version.registry_links.is_empty() {
        let run_id = version.logged_by.clone().unwrap_or_default();
        view! {
            <p class="muted">"This version is not in the model registry yet. Link it to give it an alias."</p>
            <LinkToRegistry model_id=version.id.clone() run_id=run_id suggested=collection.name.clone()/>
        }
        .into_any()
    } else {
        view! { <RegistryAliases collection=collection version=version/> }.into_any()
    }
}

/// Aliases, description and tags of one registered model version.
#[component]
pub fn RegistryVersionEditor(
    version: ModelVersion,
    /// Every alias of the registered model as the page loaded them.
    known: Vec<RegisteredModelAlias>,
) -> impl IntoView {
    let target = Target::ModelVersion {
        name: version.name.clone(),
        version: version.version.clone(),
    };
    let tags: Vec<(String, String)> = crate::domain::user_tags(&version.tags);
    view! {
        <section class="registry-version-editor" aria-label=format!("Edit {} v{}", version.name, version.version)>
            <h3>{format!("{} v{}", version.name, version.version)}</h3>
            <AliasEditor model=version.name.clone() version=version.version.clone() known=known/>
            <h4>"Description"</h4>
            <DescriptionEditor target=target.clone() text=version.description.clone()/>
            <h4>"Tags"</h4>
            <TagEditor target=target tags=tags/>
        </section>
    }
}
