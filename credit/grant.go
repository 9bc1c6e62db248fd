package credit

import (
	"context"
	"errors"
	"time"

	"github.com/credq/credq/consent"
)

var (
	// ErrNoGrant means NewView was called without a grant that
	// consent.Verifier.Verify produced (nil or zero consent.Verified).
	ErrNoGrant = errors.New("credit: no verified consent")
	// ErrGrantExpired means the view is built after the grant's expiry.
	ErrGrantExpired = errors.New("credit: consent expired before the view was built")
)

// NewView returns what the verified grant g may see of r on the day of now.
// It is the only public way to build a view: the purpose, the scope, the
// classes the query asked for (g.RequestedScope, never more than g.Scope), the
// querier (g.GranteeID, the lender, also for a delegate) and the legal
// instrument (g.AuthorizationRef) all come from the grant; q carries the
// query's own facts. The caller must have looked r up by g.SubjectRef().
//
// Retention ([ApplyRetention]) and the purpose policy ([PolicyFor]) apply.
// Errors: [ErrNoGrant], [ErrGrantExpired], [ErrPurposeNotCovered],
// [ErrNoLiveAccount], [ErrNoLegalInstrument], [ErrNoCollectionAccount]. r is
// not modified, and the view shares no memory with it.
//
// Use [Disclose] instead when the inquiry log must record the view (every
// production query).
func NewView(r *Record, g *consent.Verified, q Query, now time.Time) (*View, error) {
	if !g.Valid() {
		return nil, ErrNoGrant
	}
	if now.After(g.Expiry()) {
		return nil, ErrGrantExpired
	}
	return buildView(r, viewRequest{
		purpose:   g.Purpose(),
		scope:     g.Scope(),
		requested: g.RequestedScope(),
		querier:   g.GranteeID(),
		authRef:   g.AuthorizationRef(),
		now:       now,
		query:     q,
	})
}

// Disclose builds the view with [NewView] and appends its inquiry-log entry
// before returning it. If the log cannot be written, no view is returned:
// every released view is logged (征信业管理条例 Art. 22).
func Disclose(ctx context.Context, log *Log, r *Record, g *consent.Verified, q Query, now time.Time) (*View, LogEntry, error) {
	v, err := NewView(r, g, q, now)
	if err != nil {
		return nil, LogEntry{}, err
	}
	e, err := log.Append(ctx, EntryFor(g, v, now))
	if err != nil {
		return nil, LogEntry{}, err
	}
	return v, e, nil
}

// EntryFor returns the (unchained) log entry for view v built from g at now:
// who (grantee and presenter), when, why, under which consent, about whom,
// and which classes were released.
func EntryFor(g *consent.Verified, v *View, now time.Time) LogEntry {
	return LogEntry{
		Time:      now.UTC().Truncate(time.Second),
		Querier:   g.GranteeID(),
		Holder:    g.HolderID(),
		Purpose:   v.Purpose,
		ConsentID: g.ConsentID(),
		Subject:   g.SubjectRef(),
		Released:  v.Released,
	}
}

// SubjectRef returns the pseudonymous reference consent grants carry for this
// record's subject: k.Ref of the subject's resident-ID matching key
// ("cnid:v1:…", see [ResidentIDKey]). A holder indexes records by it and
// looks up the record for a verified grant with g.SubjectRef(). Records
// without a resident-card identity have no reference (an error wrapping
// [ErrMissingField] or [ErrInvalidResidentID]).
func (r *Record) SubjectRef(k *consent.SubjectKey) (consent.SubjectRef, error) {
	if r.Identity == nil || r.Identity.IDType != IDResidentCard || r.Identity.IDNumber == "" {
		return consent.SubjectRef{}, fieldErr("identity.idNumber", ErrMissingField)
	}
	key, err := ResidentIDKey(r.Identity.IDNumber)
	if err != nil {
		return consent.SubjectRef{}, err
	}
	return k.Ref(key), nil
}
