//! Where requests go and the service-account tokens bound to a route: the route now, a route change
//! proposed by a profile, link or file (confirmed or refused by the core's routing rules), and the
//! revocation of tokens no longer bound to the current environment, route and client ID.

use super::AppState;
use crate::core::environment::Environment;
use crate::core::oauth::{AccessToken, ClientId, ClientSecret, TokenBinding};
use crate::core::proxy::ProxyRoute;
use crate::core::routing::{RefusedRoute, Route, RouteDecision, RouteSource, RoutingPolicy};

/// The administrator's lock on a route the user chose before this configuration applied (stored on
/// an earlier visit, or typed before config.json arrived): the refusal to show when the lock does
/// not allow it. The route then gives way to config.json's.
pub(super) fn refusal_of_earlier_route(
    routing: &RoutingPolicy,
    earlier: &Route,
    configured: &Route,
) -> Option<RefusedRoute> {
    let why = routing.check(earlier, configured).err()?;
    Some(RefusedRoute {
        source: RouteSource::StoredSettings,
        from: configured.clone(),
        to: earlier.clone(),
        why,
    })
}

/// A service-account token and what its revocation request needs.
#[derive(Clone, PartialEq)]
pub struct TokenRevocation {
    pub environment: Environment,
    pub route: ProxyRoute,
    pub id: ClientId,
    pub secret: ClientSecret,
    pub token: AccessToken,
}

impl std::fmt::Debug for TokenRevocation {
    /// Where it goes, never the secret or the token.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenRevocation")
            .field("environment", &self.environment)
            .field("route", &self.route)
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// Where requests go now.
    pub fn route(&self) -> Route {
        Route {
            environment: self.environment.clone(),
            proxy: self.proxy.clone(),
        }
    }

    /// What a service-account token for a create made now would be bound to; `None` when the
    /// proxy setting is unusable.
    pub fn token_binding(&self) -> Option<TokenBinding> {
        Some(TokenBinding {
            environment: self.environment.clone(),
            route: self.proxy_route().ok()?,
            client_id: self.credentials.client_id.trim().to_string(),
        })
    }

    /// The token to use for a create made now, if one is held for the current binding.
    pub fn usable_token(&self, now: f64) -> Option<&AccessToken> {
        self.tokens.get(now, &self.token_binding()?)
    }

    /// True when the user's own controls for environment, base URL and proxy are disabled.
    pub fn routing_fixed(&self) -> bool {
        self.routing.locks_controls()
    }

    /// A route that did not come from the user's typing: the same route changes nothing; another
    /// one waits for confirmation, or is refused under the administrator's lock.
    pub(crate) fn propose_route(&mut self, proposed: Route, source: RouteSource) {
        self.pending_route = None;
        self.refused_route = None;
        match crate::core::routing::propose(
            &self.route(),
            proposed,
            source,
            &self.routing,
            &self.configured_route,
        ) {
            RouteDecision::Unchanged => {}
            RouteDecision::Pending(pending) => self.pending_route = Some(pending),
            RouteDecision::Refused(refused) => self.refused_route = Some(refused),
        }
    }

    /// Forgets the service-account token when it is no longer bound to the current environment,
    /// route and client ID, and queues its revocation through the route it came from.
    pub(crate) fn retire_unbound_token(&mut self) {
        let current = self.token_binding();
        if let Some((token, from)) = self.tokens.release_unless_bound(current.as_ref()) {
            self.queue_revocation(token, from);
        }
    }

    /// Forgets the token whatever it is bound to (its secret is about to change), queuing its
    /// revocation with the secret it was obtained with.
    pub(crate) fn retire_token(&mut self) {
        if let Some((token, from)) = self.tokens.invalidate() {
            self.queue_revocation(token, from);
        }
    }

    fn queue_revocation(&mut self, token: AccessToken, from: TokenBinding) {
        let (Ok(id), Ok(secret)) = (
            ClientId::parse(&from.client_id),
            ClientSecret::parse(&self.credentials.client_secret),
        ) else {
            return;
        };
        self.revocations.push(TokenRevocation {
            environment: from.environment,
            route: from.route,
            id,
            secret,
            token,
        });
    }

    /// What revoking the service account's live token takes (sign-out, leaving the page), if there
    /// is one and the secret to revoke it with is usable. It goes to the route the token came from.
    pub fn token_to_revoke(&self, now: f64) -> Option<TokenRevocation> {
        let (token, from) = self.tokens.held(now)?;
        Some(TokenRevocation {
            token: token.clone(),
            id: ClientId::parse(&from.client_id).ok()?,
            secret: ClientSecret::parse(&self.credentials.client_secret).ok()?,
            route: from.route.clone(),
            environment: from.environment.clone(),
        })
    }
}
