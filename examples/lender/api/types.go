package api

import (
	"encoding/json"
	"time"

	"github.com/credq/credq/credit"
)

// Paths of the service.
const (
	PathHealth     = "/v1/health"
	PathRecords    = "/v1/records"
	PathSubjectRef = "/v1/subjects/ref"
	PathQuery      = "/v1/queries"
	PathRevoke     = "/v1/consents/revoke"
	PathInquiries  = "/v1/subjects/inquiries"
	PathShred      = "/v1/subjects/shred"
	PathAudit      = "/v1/audit/log"
)

// Body caps, checked before a body is read into memory (413 beyond).
const (
	MaxLoadBody  = 16 << 20 // a batch of records
	MaxQueryBody = 64 << 10 // a query: the presentation, a recipient and facts
	MaxSmallBody = 4 << 10  // every other request
	// MaxLoadRecords caps the records of one load request.
	MaxLoadRecords = 1000
)

// Error codes of ErrorResponse.Error; the package doc lists their statuses.
const (
	CodeMalformed           = "malformed"
	CodeUnauthorized        = "unauthorized"
	CodeUnknownKey          = "unknown_key"
	CodeBadSignature        = "bad_signature"
	CodeExpired             = "expired"
	CodeNotYetValid         = "not_yet_valid"
	CodeStale               = "stale"
	CodeWrongAudience       = "wrong_audience"
	CodePurposeMismatch     = "purpose_mismatch"
	CodeScopeExceeded       = "scope_exceeded"
	CodeWidening            = "widening"
	CodeRevoked             = "revoked"
	CodeUseLimit            = "use_limit"
	CodeNoLiveAccount       = "no_live_account"
	CodeNoCollectionAccount = "no_collection_account"
	CodeNoLegalInstrument   = "no_legal_instrument"
	CodePurposeNotCovered   = "purpose_not_covered"
	CodeUnknownSubject      = "unknown_subject"
	CodeNotFound            = "not_found"
	CodeMethodNotAllowed    = "method_not_allowed"
	CodeReplay              = "replay"
	CodeShredded            = "shredded"
	CodeTooLarge            = "too_large"
	CodeInternal            = "internal"
	CodeUnavailable         = "unavailable"
)

// ErrorResponse is the body of every error.
type ErrorResponse struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

// Health is the health endpoint's answer.
type Health struct {
	Status      string `json:"status"` // "ok"
	Database    string `json:"database"`
	Schema      int    `json:"schemaVersion"`
	Institution string `json:"institution"`
}

// LoadRequest carries records in the JSON form credit.DecodeRecordJSON
// reads (at most MaxLoadRecords). A record without an "id" gets a random
// one. Each record must carry a resident-card identity: the subject
// reference that consent grants name is derived from its ID number
// (credit.Record.SubjectRef). The whole batch is validated, by the vault's
// rules too (a record ID is 1 to 128 bytes of UTF-8), before any record is
// stored: a batch rejected as malformed stores no record. A record with an
// existing ID replaces the stored one.
type LoadRequest struct {
	Records []json.RawMessage `json:"records"`
}

// LoadResponse lists the IDs of the stored records, in request order.
type LoadResponse struct {
	Loaded int      `json:"loaded"`
	IDs    []string `json:"ids"`
}

// SubjectRequest names a subject by resident-ID number.
type SubjectRequest struct {
	IDNumber string `json:"idNumber"`
}

// SubjectRefResponse is the subject's pseudonymous reference (hex), for the
// consent service that issues grants for this data holder.
type SubjectRefResponse struct {
	SubjectRef string `json:"subjectRef"`
}

// QueryRequest is a consent-gated credit query; see the package doc.
type QueryRequest struct {
	// Presentation is the armored consent presentation ("cqp1_…").
	Presentation string `json:"presentation"`
	// Purpose is the purpose code ("02", "01", "x-collection", …).
	Purpose string `json:"purpose"`
	// Scope is the requested classes ("direct+quasi+financial").
	Scope string `json:"scope"`
	// Recipient is the requester's age recipient ("age1…", or a hybrid
	// "age1pq1…" one).
	Recipient string `json:"recipient"`
	// SpouseCoApplicant declares the spouse a co-applicant (approvals).
	SpouseCoApplicant bool `json:"spouseCoApplicant,omitempty"`
	// AccountID names the account under collection (delegated collection).
	AccountID string `json:"accountId,omitempty"`
}

// QueryResponse answers a query.
type QueryResponse struct {
	ConsentID string `json:"consentId"`
	// InquirySeq and InquiryHash (hex) name the inquiry-log entry.
	InquirySeq  uint64 `json:"inquirySeq"`
	InquiryHash string `json:"inquiryHash"`
	// Disclosure is the age file, readable only by the recipient.
	Disclosure []byte `json:"disclosure"`
}

// RevokeRequest revokes a consent (and every delegation derived from it).
type RevokeRequest struct {
	ConsentID string `json:"consentId"`
	// Until is when the revocation may be forgotten (the grant's expiry);
	// zero means never.
	Until time.Time `json:"until,omitzero"`
}

// RevokeResponse confirms a revocation.
type RevokeResponse struct {
	Revoked bool `json:"revoked"`
}

// InquiriesResponse lists who queried the subject within the 24-month
// display window, newest first.
type InquiriesResponse struct {
	Inquiries []Inquiry `json:"inquiries"`
}

// Inquiry is one line of the listing (the 查询记录 of a report), as
// credit.SubjectInquiry marshals it.
type Inquiry struct {
	Date        string `json:"date"`
	Institution string `json:"institution"`
	Delegate    string `json:"delegate,omitempty"`
	Purpose     string `json:"purpose"`
}

// InquiryFrom converts a log listing line to its wire form.
func InquiryFrom(s credit.SubjectInquiry) Inquiry {
	return Inquiry{Date: s.Date.String(), Institution: s.Institution, Delegate: s.Delegate, Purpose: s.Purpose.Code()}
}

// ShredResponse confirms a shred.
type ShredResponse struct {
	Shredded bool `json:"shredded"`
}

// AuditResponse is the result of verifying the inquiry log end to end.
type AuditResponse struct {
	Verified bool   `json:"verified"`
	Entries  uint64 `json:"entries"`
	Head     string `json:"head"`
}
