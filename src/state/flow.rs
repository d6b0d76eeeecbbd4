//! What happens around the form (configuration, tokens, profiles, the connection test, a deep
//! link, a request link) and the create itself: `Editing -> Sending -> Revealed | Failed | OutcomeUnknown`.

use super::action::{Copied, FlowEvent, ProfilesEvent, SessionEvent};
use super::{AppState, FollowUp, LostAttempt, Phase, Progress, Reveal, Sealing, Touched};
use crate::core::connection::ConnectionSource;
use crate::core::credentials::AuthKind;
use crate::core::deeplink::{DeepLink, DeepLinkNotice};
use crate::core::routing::{merge_imported_profiles, RouteSource};

pub(super) fn profiles(next: &mut AppState, event: ProfilesEvent) -> bool {
    match event {
        ProfilesEvent::Loaded(profiles) => next.profiles = profiles,
        ProfilesEvent::Save(name) => {
            let name = name.trim().to_string();
            if name.is_empty() {
                return false;
            }
            let profile = next.current_profile(&name);
            next.profiles.retain(|p| p.name != name);
            next.profiles.push(profile);
            next.active_profile = Some(name);
        }
        ProfilesEvent::Import(profiles) => {
            // Never replaces a saved profile: a different one of the same name is renamed.
            next.renamed_imports = merge_imported_profiles(&mut next.profiles, profiles);
        }
        ProfilesEvent::UseImportedSecrets(secrets) => {
            if let Some(private) = secrets.private_api_key {
                next.credentials.private_key = private;
            }
            if let Some(secret) = secrets.client_secret {
                next.retire_token();
                next.credentials.client_secret = secret;
            }
        }
    }
    true
}

pub(super) fn session(next: &mut AppState, event: SessionEvent) -> bool {
    match event {
        SessionEvent::Configure {
            config,
            stored,
            problem,
            source,
        } => {
            next.connection_source = if stored.is_some() {
                ConnectionSource::Stored
            } else {
                source
            };
            let configured = AppState::from_config(config, stored, problem);
            // The organization's cap on key lifetimes holds whatever else the user changed; the
            // default expiry follows it until the user picks one.
            next.expiry_rules.max_days = configured.expiry_rules.max_days;
            if !next.touched.expiry {
                next.draft.expiry = next.expiry_rules.default_choice();
            }
            next.revalidate();
            next.routing = configured.routing.clone();
            next.configured_route = configured.configured_route.clone();
            // Whatever the user changed before config.json arrived wins over the defaults, unless
            // the administrator's lock does not allow it.
            if next.settings_changed_by_user {
                let refused = super::route::refusal_of_earlier_route(
                    &next.routing,
                    &next.route(),
                    &next.configured_route,
                );
                if refused.is_some() {
                    next.refused_route = refused;
                    next.custom_base_url = configured.custom_base_url;
                    next.custom_flavor = configured.custom_flavor;
                    next.proxy = configured.proxy;
                    next.environment = configured.environment;
                    next.revalidate();
                }
                return true;
            }
            next.refused_route = configured.refused_route;
            next.environment = configured.environment;
            next.custom_base_url = configured.custom_base_url;
            next.custom_flavor = configured.custom_flavor;
            next.proxy = configured.proxy;
            next.org_id = configured.org_id;
            next.timeout_seconds = configured.timeout_seconds;
            next.config_problem = configured.config_problem;
            next.default_access_list = configured.default_access_list;
            if !next.touched.project_id {
                next.draft.project_id = configured.draft.project_id;
                next.revalidate();
            }
        }
        SessionEvent::LinkedViewOpened => {
            if next.linked_view.take().is_none() {
                return false;
            }
        }
        SessionEvent::Today(day) => {
            if next.expiry_rules.today == Some(day) {
                return false;
            }
            next.expiry_rules.today = Some(day);
            next.revalidate();
        }
        SessionEvent::TokenObtained { token, binding } => next.tokens.store(token, binding),
        SessionEvent::RevocationsSent(n) => {
            let n = n.min(next.revocations.len());
            next.revocations.drain(..n);
        }
        SessionEvent::ForgetToken => {
            next.tokens.invalidate();
        }
        SessionEvent::ConnectionCheckStarted => next.connection = Progress::Running,
        SessionEvent::ConnectionChecked(report) => next.connection = Progress::Done(report),
        SessionEvent::ApplyRequestLink(read) => {
            if next.form_locked() {
                return false;
            }
            let request = match read {
                Ok(request) => request,
                Err(refused) => {
                    next.link_notices.push(DeepLinkNotice::RequestRefused {
                        reason: refused.message(),
                    });
                    return true;
                }
            };
            apply_link(next, request.prefill);
            if let Some(expiry) = request.expiry {
                next.draft.expiry = expiry;
            }
            next.sealed_for = Some(request.recipient);
            next.requested_entries = request.entries;
            next.revalidate();
        }
        SessionEvent::ApplyDeepLink(link) => {
            if next.form_locked() {
                return false;
            }
            apply_link(next, link);
        }
    }
    true
}

pub(super) fn flow(next: &mut AppState, event: FlowEvent) -> bool {
    match event {
        FlowEvent::Send => {
            if !next.can_send() {
                return false;
            }
            // Create can only be pressed on a valid request: the attempt is the one it sends.
            let Ok(request) = &next.validated else {
                return false;
            };
            let project_id = request.project_id().clone();
            next.phase = Phase::Sending;
            next.lost_attempt = Some(LostAttempt {
                project_id,
                // What was sent, stamp included: the search matches Atlas's description.
                desc: request.desc().to_string(),
            });
        }
        FlowEvent::Created {
            key,
            project_id,
            created_at,
        } => {
            if !next.is_sending() {
                return false;
            }
            let caller_public_key = match next.credentials.kind {
                AuthKind::ApiKey => Some(next.credentials.public_key.clone()),
                AuthKind::ServiceAccount => None,
            };
            let plain = Reveal::new(
                key,
                project_id,
                created_at,
                next.environment.clone(),
                caller_public_key,
            );
            next.phase = Phase::Revealed(Box::new(Reveal {
                default_output: next.default_output.clone(),
                follow_up: FollowUp {
                    // What the request asked for, else the deployment's default entries.
                    entries_text: if next.requested_entries.is_empty() {
                        next.default_access_list.join("\n")
                    } else {
                        next.requested_entries.join("\n")
                    },
                    ..FollowUp::default()
                },
                sealed: next.sealed_for.clone().map(|recipient| Sealing {
                    recipient,
                    armored: None,
                }),
                ..plain
            }));
        }
        FlowEvent::SendFailed(error) => {
            if !next.is_sending() {
                return false;
            }
            next.phase = match error {
                e if e.outcome_unknown() => Phase::OutcomeUnknown(e),
                e => Phase::Failed(e),
            };
        }
        FlowEvent::Copied(what) => {
            let Phase::Revealed(reveal) = &mut next.phase else {
                return false;
            };
            // In plain form, copying the private key secures it; sealed, copying the sealed file does
            // (the private key itself is then never copied).
            let secures = match &reveal.sealed {
                None => what == Copied::PrivateKey,
                Some(_) => what == Copied::SealedKey,
            };
            if secures {
                reveal.secured = true;
            }
        }
        FlowEvent::Downloaded => {
            let Phase::Revealed(reveal) = &mut next.phase else {
                return false;
            };
            reveal.secured = true;
        }
        FlowEvent::SealFor(recipient) => {
            let Phase::Revealed(reveal) = &mut next.phase else {
                return false;
            };
            // Only before anything plain left the page, and once.
            if reveal.secured || reveal.sealed.is_some() {
                return false;
            }
            reveal.sealed = Some(Sealing {
                recipient,
                armored: None,
            });
        }
        FlowEvent::Sealed(result) => {
            let Phase::Revealed(reveal) = &mut next.phase else {
                return false;
            };
            let Some(sealing) = &mut reveal.sealed else {
                return false;
            };
            if sealing.armored.is_some() {
                return false;
            }
            sealing.armored = Some(result);
        }
        FlowEvent::BackToForm { fresh_form } => {
            if next.is_sending() {
                return false;
            }
            // Replacing the phase drops the Reveal, and with it the only copy of the new private key.
            next.phase = Phase::Editing;
            if fresh_form {
                // A new key is not the one the request asked for: it is no longer sealed to them.
                next.sealed_for = None;
                next.requested_entries.clear();
                next.draft.desc.clear();
                next.draft.roles.clear();
                next.draft.custom_roles.clear();
                next.draft.expiry = next.expiry_rules.default_choice();
                next.touched = Touched::default();
                next.revalidate();
            }
        }
    }
    true
}

/// A link prefills only the request: never credentials, never where requests go. A profile it
/// names is one of the user's own; its route still needs confirmation.
fn apply_link(next: &mut AppState, link: DeepLink) {
    if let Some(name) = &link.profile {
        super::edit::select_profile(next, name, RouteSource::LinkedProfile(name.clone()));
    }
    if let Some(project_id) = link.project_id {
        next.draft.project_id = project_id;
    }
    if let Some(desc) = link.desc {
        next.draft.desc = desc;
    }
    if !link.roles.is_empty() || !link.custom_roles.is_empty() {
        next.draft.roles = link.roles;
        next.draft.custom_roles = link.custom_roles;
    }
    next.link_notices.extend(link.notices);
    next.linked_view = link.view;
    next.revalidate();
}
