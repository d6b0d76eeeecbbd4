//! A view's caller: the page's settings and secret, signing each call as the page would (Digest with
//! the API key, or a service account's token that this view gets, keeps in memory and revokes when
//! it closes). The core builds every request and reads every answer.

use std::cell::RefCell;

use crate::core::answer::{read_no_content, Received};
use crate::core::assign::Assignment;
use crate::core::credentials::{AuthKind, Credentials};
use crate::core::environment::Environment;
use crate::core::error::{KeymintError, RequestSummary};
use crate::core::ids::{ApiKeyId, OrgId, ProjectId};
use crate::core::key_list::{parse_key_page, KeyListing, ListedKey, ListingStep};
use crate::core::oauth::{AccessToken, ClientId, ClientSecret, OAuthError};
use crate::core::proxy::ProxyRoute;
use crate::core::request::CreateApiKeyRequest;
use crate::core::response::ApiKeyUserDetails;
use crate::core::rotation::Removal;
use crate::core::settle;
use crate::core::target::HttpRequest;
use crate::core::views::ViewSettings;
use crate::state::project_keys::ListedKeys;
use crate::web::browser::now_seconds;
use crate::web::transport::{self, Signer};

/// Memory only. No `Debug`: it holds a secret and maybe a token.
pub struct ViewCaller {
    pub environment: Environment,
    pub route: ProxyRoute,
    credentials: Credentials,
    timeout: u32,
    /// The service account's token this view obtained, until it expires or Atlas refuses it.
    token: RefCell<Option<AccessToken>>,
}

impl ViewCaller {
    /// The caller the page handed over; `None` when its proxy setting is not usable.
    pub fn new(settings: &ViewSettings, secret: &str) -> Option<ViewCaller> {
        Some(ViewCaller {
            environment: settings.environment.clone(),
            route: ProxyRoute::parse(&settings.proxy).ok()?,
            credentials: settings.credentials(secret),
            timeout: settings.timeout_seconds,
            token: RefCell::new(None),
        })
    }

    /// The public key that signs (for the curl command a reveal shows); `None` for a service account.
    pub fn public_key(&self) -> Option<String> {
        (self.credentials.kind == AuthKind::ApiKey).then(|| self.credentials.public_key.clone())
    }

    async fn new_token(&self) -> Result<AccessToken, KeymintError> {
        let id = ClientId::parse(&self.credentials.client_id)?;
        let secret = ClientSecret::parse(&self.credentials.client_secret)?;
        let token = transport::fetch_token(
            &self.environment,
            &self.route,
            &id,
            &secret,
            now_seconds(),
            self.timeout,
        )
        .await?;
        if let Some(old) = self.token.replace(Some(token.clone())) {
            self.revoke(&old);
        }
        Ok(token)
    }

    /// The signature for the next call, and whether it is a token kept from an earlier call.
    async fn signer(&self) -> Result<(Signer, bool), KeymintError> {
        match self.credentials.kind {
            AuthKind::ApiKey => Ok((
                Signer::Digest {
                    public_key: self.credentials.public_key.clone(),
                    private_key: self.credentials.private_key.clone(),
                },
                false,
            )),
            AuthKind::ServiceAccount => {
                let kept = self
                    .token
                    .borrow()
                    .clone()
                    .filter(|t| t.is_usable(now_seconds()));
                match kept {
                    Some(token) => Ok((Signer::Bearer(token), true)),
                    None => Ok((Signer::Bearer(self.new_token().await?), false)),
                }
            }
        }
    }

    /// One call, read by `read`. A kept token that Atlas refuses (401: the call did nothing) is
    /// replaced once.
    pub async fn call<T>(
        &self,
        target: &HttpRequest,
        read: impl Fn(Received<'_>, &RequestSummary) -> Result<T, KeymintError>,
    ) -> Result<T, KeymintError> {
        let (signer, kept) = self.signer().await?;
        let result =
            transport::signed_call(target, &self.route, &signer, self.timeout, &read).await;
        let refused = result.as_ref().is_err_and(KeymintError::signature_refused);
        if !(refused && matches!(signer, Signer::Bearer(_))) {
            return result;
        }
        self.token.replace(None);
        if !kept {
            return result;
        }
        let token = self.new_token().await?;
        transport::signed_call(
            target,
            &self.route,
            &Signer::Bearer(token),
            self.timeout,
            &read,
        )
        .await
    }

    /// Creates a key (a rotation's new key) as the page's Create does: with an API key, the challenge
    /// from an unsigned POST (which creates nothing), then one signed POST judged by the core; with a
    /// service account, one Bearer POST, sent once more with a new token only when Atlas refused a
    /// kept one (a 401: nothing was created). Any other failure is final: a lost answer is settled
    /// by listing the project, never by sending again.
    pub async fn create(
        &self,
        request: &CreateApiKeyRequest,
    ) -> Result<ApiKeyUserDetails, KeymintError> {
        let (signer, kept) = self.signer().await?;
        let token = match signer {
            Signer::Digest { .. } => {
                let (result, _session) = transport::create_api_key(
                    &self.environment,
                    &self.route,
                    request,
                    &self.credentials,
                    None,
                    self.timeout,
                )
                .await;
                return result;
            }
            Signer::Bearer(token) => token,
        };
        let send = |token: AccessToken| async move {
            transport::create_api_key_with_token(
                &self.environment,
                &self.route,
                request,
                &token,
                self.timeout,
            )
            .await
        };
        let result = send(token).await;
        if !matches!(result, Err(KeymintError::OAuth(OAuthError::TokenRejected))) {
            return result;
        }
        self.token.replace(None);
        if !kept {
            return result;
        }
        send(self.new_token().await?).await
    }

    /// Every page of the project's keys (bounded by the core).
    pub async fn all_keys(&self, project_id: &ProjectId) -> Result<ListedKeys, KeymintError> {
        self.every_page(KeyListing::new(project_id)).await
    }

    /// Every page of the organization's keys (bounded by the core).
    pub async fn org_keys(&self, org_id: &OrgId) -> Result<ListedKeys, KeymintError> {
        self.every_page(KeyListing::of_org(org_id)).await
    }

    async fn every_page(&self, mut listing: KeyListing) -> Result<ListedKeys, KeymintError> {
        while let ListingStep::Fetch(request) = listing.next(&self.environment) {
            let page = self.call(&request, parse_key_page).await?;
            listing.accept(page);
        }
        Ok(ListedKeys {
            keys: listing.keys().to_vec(),
            complete: listing.is_complete(),
        })
    }

    /// Sends the assignment once. A lost answer is settled by listing the project's keys, never by
    /// sending it again.
    pub async fn assign(&self, assignment: &Assignment) -> Result<(), KeymintError> {
        match self
            .call(&assignment.request(&self.environment), read_no_content)
            .await
        {
            Err(lost) if lost.change_unknown() => self.assignment_after(assignment, lost).await,
            result => result,
        }
    }

    /// Settles an assignment whose answer was lost (`lost`) by listing the project's keys; `lost`
    /// itself when they cannot be read.
    pub async fn assignment_after(
        &self,
        assignment: &Assignment,
        lost: KeymintError,
    ) -> Result<(), KeymintError> {
        let KeymintError::ChangeUnknown { summary, .. } = &lost else {
            return Err(lost);
        };
        let Ok(listed) = self.all_keys(&assignment.project_id).await else {
            return Err(lost);
        };
        assignment.settled_by(summary, &listed.keys, listed.complete)
    }

    /// Removes `key` from `project_id` as `removal` says: one DELETE, judged as strictly as a create.
    /// A lost answer is settled by listing the project's keys again, never by sending it again.
    /// `None` when the call cannot be made (a deletion without the key's organization).
    pub async fn remove(
        &self,
        key: &ListedKey,
        project_id: &ProjectId,
        removal: &Removal,
    ) -> Option<Result<(), KeymintError>> {
        let request = removal.request(&self.environment, key, project_id)?;
        Some(match self.call(&request, read_no_content).await {
            Err(lost) if lost.change_unknown() => {
                self.removal_after(project_id, &key.id, lost).await
            }
            result => result,
        })
    }

    /// Settles a DELETE of `key_id` whose answer was lost (`lost`) by listing the project's keys:
    /// `Ok` when the key is gone; else what the list proves, or `lost` itself when it cannot be read.
    pub async fn removal_after(
        &self,
        project_id: &ProjectId,
        key_id: &ApiKeyId,
        lost: KeymintError,
    ) -> Result<(), KeymintError> {
        let KeymintError::ChangeUnknown { summary, .. } = &lost else {
            return Err(lost);
        };
        let Ok(listed) = self.all_keys(project_id).await else {
            return Err(lost);
        };
        settle::key_removed(summary, key_id, &listed.keys, listed.complete)
    }

    fn revoke(&self, token: &AccessToken) {
        let (Ok(id), Ok(secret)) = (
            ClientId::parse(&self.credentials.client_id),
            ClientSecret::parse(&self.credentials.client_secret),
        ) else {
            return;
        };
        transport::revoke_token_on_exit(&self.environment, &self.route, &id, &secret, token);
    }
}

impl Drop for ViewCaller {
    /// The view closed (or the page went away): its token is revoked, best effort.
    fn drop(&mut self) {
        if let Some(token) = self.token.take() {
            self.revoke(&token);
        }
    }
}
