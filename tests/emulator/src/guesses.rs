//! Every error code the emulator returns that no recording confirms. Real Atlas may answer these cases
//! with another code from the documented table (reference section 9); they are kept in one place so a
//! recording can correct them.

/// An unknown role string on the project endpoint (candidates: INVALID_ENUM_VALUE, UNSUPPORTED_ROLE).
pub const UNKNOWN_ROLE: (u16, &str) = (400, "INVALID_ENUM_VALUE");
/// An ORG_* role other than ORG_MEMBER on the project endpoint (candidates: CANNOT_ADD_ORG_ROLE, INVALID_ROLE_FOR_GROUP).
pub const ORG_ROLE_ON_PROJECT: (u16, &str) = (400, "CANNOT_ADD_ORG_ROLE");
/// A blank description.
pub const BLANK_DESC: (u16, &str) = (400, "API_KEY_REQUIRES_DESCRIPTION");
/// A description over 250 characters.
pub const LONG_DESC: (u16, &str) = (400, "INVALID_API_KEY_DESC");
/// Missing or empty roles.
pub const NO_ROLES: (u16, &str) = (400, "MISSING_API_KEY_ROLES");
/// A body that is not JSON.
pub const MALFORMED: (u16, &str) = (400, "MALFORMED_JSON");
/// A group ID that does not match ^([a-f0-9]{24})$ (seen for a bad key ID: PATH_PARAM_PARSE_ERROR).
pub const BAD_GROUP_ID: (u16, &str) = (400, "PATH_PARAM_PARSE_ERROR");
/// An Accept header naming an API version that does not exist.
pub const BAD_VERSION: (u16, &str) = (406, "INVALID_VERSION_DATE");
/// The organization's API key limit.
pub const KEY_LIMIT: (u16, &str) = (400, "MAX_API_KEYS_PER_ORG_EXCEEDED");
/// A caller without the role to create keys (confirmed in real messages for listing; assumed for create).
pub const NOT_ALLOWED: (u16, &str) = (401, "USER_UNAUTHORIZED");
/// OAuth token endpoint with bad client credentials (RFC 6749 section 5.2 shape).
pub const OAUTH_BAD_CLIENT: &str = "invalid_client";
/// A duplicate access-list entry.
pub const DUPLICATE_ENTRY: (u16, &str) = (409, "ADDRESS_ALREADY_IN_ACCESS_LIST");

// HTTP Digest beyond the recorded challenge. Recorded (reference section 8): an unsigned request gets
// 401 with `Digest realm="MMS Public API", domain="", nonce="…", algorithm=MD5, qop="auth", stale=false`.
// No recording shows a second request signed with the same nonce, nor the answer to an expired or
// replayed one, nor an unsigned GET; what the emulator does there is assumed:
// - a nonce is accepted again with a higher nc until it expires (RFC 7616; Python Requests relies on
//   it), after which the right signature gets 401 with `stale=true`;
// - an unsigned GET of a project is answered like the recorded unsigned POST (authentication first);
// - nonces live [`NONCE_TTL_SECS`] (Spring Security's default validity; `--nonce-ttl-secs` changes it).

/// How long a nonce is accepted, in seconds.
pub const NONCE_TTL_SECS: u64 = 300;
/// Whether the 401 to a right signature with a repeated or lower nc says `stale=true` (assumed not:
/// a replay is refused like a wrong signature, with a fresh challenge).
pub const STALE_ON_REPLAYED_NC: bool = false;
/// Whether the 401 to a reused nonce in the no-reuse mode says `stale=true` (assumed not: the harder
/// case for a client, which cannot tell it from a wrong key by the header alone).
pub const STALE_ON_REFUSED_REUSE: bool = false;

// ---- After the create: list, unassign, delete, access lists, enforcement (reference sections 7-9) ----
//
// Choices no recording confirms, besides the codes below:
// - The list shows only keys assigned to the project, newest first, each with all its project roles
//   and then ORG_MEMBER (the schema says the resource returns all project and organization roles).
// - Paginated bodies carry `previous` and `next` links around `self` when those pages exist (the
//   recordings only show single pages, with `self` alone); `includeCount=false` drops `totalCount`.
// - An access-list POST answers with all of the key's entries (the recording shows one new entry on an
//   empty list), is all-or-nothing (one bad or duplicate entry adds none), and treats an address and
//   its full-length block (`a.b.c.d` and `a.b.c.d/32`) as the same entry. A single-address entry
//   (given as ipAddress, or a /32 or /128 block) is listed with both cidrBlock and ipAddress, as
//   recorded; a wider block with cidrBlock only. IPv6 addresses are written in their compressed form.
//   An empty array adds nothing and answers 200.
// - A key may read and change its own access list, as the real message "only accessible by the API
//   key or by a user administrator" says; other callers need ORG_OWNER.
// - `count` counts the calls a key signed from an address its entry matched (`lastUsed`,
//   `lastUsedAddress` then appear); the spec's `minimum: 1` contradicts the recorded 0 of a new entry.
// - Enforcement happens right after authentication, before any other check, so a refused create makes
//   nothing. Service accounts are not subject to it (Atlas has separate service-account access lists).

/// A key ID that is not in the organization, or not assigned to the project, on unassign, delete and
/// access list (the docs table says 400 for API_KEY_NOT_FOUND; a 404 is as plausible).
pub const KEY_NOT_FOUND: (u16, &str) = (400, "API_KEY_NOT_FOUND");
/// An organization ID other than the emulator's one (a real org the caller is not in may rather
/// answer 401 USER_UNAUTHORIZED or NOT_ORG_USER_ADMIN).
pub const OTHER_ORG: (u16, &str) = (404, "ORG_NOT_FOUND");
/// `itemsPerPage` outside 1..=500 or `pageNum` below 1 (the spec's bounds; Atlas may clamp instead).
pub const BAD_PAGING: (u16, &str) = (400, "VALIDATION_ERROR");
/// Deleting a key from the organization without Organization Owner (candidates: NOT_ORG_USER_ADMIN,
/// NOT_API_KEY_ADMIN).
pub const NOT_ORG_OWNER: (u16, &str) = (401, "USER_UNAUTHORIZED");
/// Reading or adding to another key's access list without organization rights. Code, status and
/// message are those of a real GET answer (reference 9b); assumed the same for POST.
pub const ACCESS_LIST_DENIED: (u16, &str) = (401, "API_KEY_ACCESS_LIST_ACCESS_DENIED");
/// An access-list entry that is not an address or CIDR block, or has both or neither field
/// (candidates: INVALID_IP_ADDRESS_OR_CIDR_NOTATION, INVALID_ATTRIBUTE).
pub const INVALID_ENTRY: (u16, &str) = (400, "VALIDATION_ERROR");
/// A call from an address not on the signing key's access list. Code and status are from real
/// messages (reference 9b, "IP address x is not allowed to access this resource."); the parameters
/// (`[address]`) are assumed. In "organization requires access lists" mode a key with an empty list
/// gets the same answer here; real Atlas may say ORG_REQUIRES_ACCESS_LIST (403) instead.
pub const NOT_ON_ACCESS_LIST: (u16, &str) = (403, "IP_ADDRESS_NOT_ON_ACCESS_LIST");

// Listing the organization's keys and assigning one to a project (`GET /orgs/{orgId}/apiKeys`,
// `POST /groups/{groupId}/apiKeys/{apiUserId}`): no recording. From the spec: the list is a
// `PaginatedApiApiUserView` (as the project's list) and needs Organization Member; the assignment takes
// `[{"roles": [...]}]`, needs Project Owner and answers 204 with no body. Guessed:
// - the roles of an assignment are checked as a create's (INVALID_ENUM_VALUE, CANNOT_ADD_ORG_ROLE,
//   MISSING_API_KEY_ROLES), the roles of every array element taken together;
// - a key that is not in the organization is KEY_NOT_FOUND, as on unassign and delete.
/// Assigning a key the project already holds. The code is from the Terraform provider's tracker
/// (mongodb/terraform-provider-mongodbatlas #2645); the status is a guess.
pub const ALREADY_IN_GROUP: (u16, &str) = (409, "API_KEY_ALREADY_IN_GROUP");
