// Package api is the wire contract of the lender example's HTTP service:
// paths, JSON request and response types, error codes, the canonical query
// body a consent presentation signs, and a Client.
//
// # Endpoints
//
// All bodies are JSON (Content-Type: application/json); every error is
// {"error": code, "message": text} with the status below. Endpoints marked
// admin need "Authorization: Bearer <admin token>"; the credit query is
// authorized by its consent presentation alone.
//
//	GET  /v1/health              liveness and database check        → Health
//	POST /v1/records       admin load records, sealed on write      LoadRequest → LoadResponse
//	POST /v1/subjects/ref  admin subject reference for an ID number SubjectRequest → SubjectRefResponse
//	POST /v1/queries             consent-gated credit query         QueryRequest → QueryResponse
//	POST /v1/consents/revoke admin revoke a consent                 RevokeRequest → RevokeResponse
//	POST /v1/subjects/inquiries admin who queried a subject (24 months) SubjectRequest → InquiriesResponse
//	POST /v1/subjects/shred admin crypto-shred a subject            SubjectRequest → ShredResponse
//	GET  /v1/audit/log     admin verify the inquiry log end to end  → AuditResponse
//
// Subjects are named by resident-ID number in request bodies, never in URLs
// (URLs end up in access logs).
//
// # A credit query
//
// The requester (the lender, or an agency it delegated to) builds a
// QueryRequest: the purpose code and requested classes, its age recipient
// (the disclosure is encrypted to it), and the query facts the purpose
// policy needs (spouse co-applicant, account under collection). The consent
// presentation must be made over the consent.Query that
// QueryRequest.ConsentQuery returns: the purpose, the scope and the body
// QueryBody(recipient, facts); QueryRequest.Sign makes it. So the
// presentation binds the recipient, and a presentation captured in transit
// cannot redirect the disclosure to another key or ask a different
// question.
//
// The response carries the age-encrypted disclosure (vault.OpenDisclosure
// with the requester's identity and the expected consent ID; Client.Query
// does it) and the hash of the inquiry-log entry that records the query.
//
// # Errors
//
//	400 malformed        body, presentation, purpose, scope or recipient does not parse
//	401 unauthorized     admin token missing or wrong
//	401 unknown_key      issuer key unknown or retired
//	401 bad_signature    grant, delegation or presentation signature fails
//	401 expired, not_yet_valid, stale   validity window or presentation freshness
//	403 wrong_audience   grant issued for another data holder
//	403 purpose_mismatch, scope_exceeded, widening   the grant does not cover the query
//	403 revoked, use_limit   consent revoked or used up
//	403 no_live_account, no_collection_account, no_legal_instrument, purpose_not_covered   purpose policy
//	404 unknown_subject  no record for the grant's subject
//	404 not_found, 405 method_not_allowed
//	409 replay           presentation nonce seen before
//	410 shredded         subject crypto-shredded
//	413 too_large        body over the endpoint's cap
//	500 internal, 503 unavailable
//
// Error messages are the library sentinels' texts: they never contain an ID
// number, a subject reference, a consent ID or key material.
package api
