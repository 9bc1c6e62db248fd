package server

import (
	"errors"
	"net/http"

	"github.com/credq/credq/consent"
	"github.com/credq/credq/credit"
	"github.com/credq/credq/credit/vault"
	"github.com/credq/credq/examples/lender/api"
	"github.com/credq/credq/examples/lender/store"
)

// rejection maps a library sentinel to its HTTP status and API error code.
// The order matters where errors wrap more than one sentinel
// (ErrKeyRetired also matches ErrUnknownKey).
var rejections = []struct {
	err    error
	status int
	code   string
}{
	{api.ErrMalformed, http.StatusBadRequest, api.CodeMalformed},
	{consent.ErrMalformed, http.StatusBadRequest, api.CodeMalformed},
	{credit.ErrInvalidResidentID, http.StatusBadRequest, api.CodeMalformed},
	{credit.ErrInvalidValue, http.StatusBadRequest, api.CodeMalformed},
	{credit.ErrInvalidCode, http.StatusBadRequest, api.CodeMalformed},
	{credit.ErrMissingField, http.StatusBadRequest, api.CodeMalformed},
	{credit.ErrUnknownField, http.StatusBadRequest, api.CodeMalformed},
	{vault.ErrInvalidInput, http.StatusBadRequest, api.CodeMalformed},
	{consent.ErrUnknownKey, http.StatusUnauthorized, api.CodeUnknownKey},
	{consent.ErrBadSignature, http.StatusUnauthorized, api.CodeBadSignature},
	{consent.ErrExpired, http.StatusUnauthorized, api.CodeExpired},
	{consent.ErrNotYetValid, http.StatusUnauthorized, api.CodeNotYetValid},
	{consent.ErrStale, http.StatusUnauthorized, api.CodeStale},
	{consent.ErrWrongAudience, http.StatusForbidden, api.CodeWrongAudience},
	{consent.ErrPurposeMismatch, http.StatusForbidden, api.CodePurposeMismatch},
	{consent.ErrScopeExceeded, http.StatusForbidden, api.CodeScopeExceeded},
	{consent.ErrWidening, http.StatusForbidden, api.CodeWidening},
	{consent.ErrRevoked, http.StatusForbidden, api.CodeRevoked},
	{consent.ErrUseLimit, http.StatusForbidden, api.CodeUseLimit},
	{consent.ErrReplay, http.StatusConflict, api.CodeReplay},
	{consent.ErrStoreFull, http.StatusServiceUnavailable, api.CodeUnavailable},
	{credit.ErrNoLiveAccount, http.StatusForbidden, api.CodeNoLiveAccount},
	{credit.ErrNoCollectionAccount, http.StatusForbidden, api.CodeNoCollectionAccount},
	{credit.ErrNoLegalInstrument, http.StatusForbidden, api.CodeNoLegalInstrument},
	{credit.ErrPurposeNotCovered, http.StatusForbidden, api.CodePurposeNotCovered},
	{credit.ErrGrantExpired, http.StatusUnauthorized, api.CodeExpired},
	{vault.ErrShredded, http.StatusGone, api.CodeShredded},
	{vault.ErrNotFound, http.StatusNotFound, api.CodeUnknownSubject},
	{store.ErrNotFound, http.StatusNotFound, api.CodeUnknownSubject},
}

// classify returns the status, code and client-facing message for err. The
// message is the matched sentinel's own text, so nothing from the request
// or the database (IDs, values) reaches the client; anything unclassified is
// a 500 with a generic message.
func classify(err error) (int, string, string) {
	var tl *api.TooLargeError
	if errors.As(err, &tl) {
		return http.StatusRequestEntityTooLarge, api.CodeTooLarge, "request body too large"
	}
	for _, r := range rejections {
		if errors.Is(err, r.err) {
			return r.status, r.code, r.err.Error()
		}
	}
	return http.StatusInternalServerError, api.CodeInternal, "internal error"
}
