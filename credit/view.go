package credit

import (
	"fmt"
	"slices"
	"time"

	"github.com/credq/credq/consent"
)

// Query holds the facts of a query that the policy needs beyond the grant.
// They come from the query the grantee submits (and whose hash the consent
// presentation signs), not from the record.
type Query struct {
	// SpouseCoApplicant declares that the subject's spouse is a co-applicant
	// of the application being approved; only then does an approval view
	// hold the spouse. Ignored for other purposes.
	SpouseCoApplicant bool
	// AccountID names the account under collection (delegated collection
	// only). It must be an account of the delegating lender, the grant's
	// root grantee.
	AccountID string
}

// View is what a query may see of a record: a redacted copy of the record
// (nil when nothing record-level is released) and aggregates (nil unless the
// policy's financial cell is Σ). Released is the set of classes that the view
// actually holds; the inquiry log records it.
type View struct {
	Purpose    consent.Purpose
	Released   consent.Scope
	Record     *Record
	Aggregates *Aggregates
}

// viewRequest is everything buildView needs, taken from a verified grant by
// NewView, or written directly by the table tests.
type viewRequest struct {
	purpose   consent.Purpose
	scope     consent.Scope // granted
	requested consent.Scope // asked by the query
	querier   string        // root grantee (the lender)
	authRef   string
	now       time.Time
	query     Query
}

// buildView applies retention and the purpose policy. Classes outside
// scope ∩ requested never appear, whatever the policy row says.
func buildView(r *Record, req viewRequest) (*View, error) {
	rule, ok := PolicyFor(req.purpose)
	if !ok {
		return nil, ErrPurposeNotCovered
	}
	if rule.RequiresLegalInstrument && req.authRef == "" {
		return nil, ErrNoLegalInstrument
	}
	eff := req.scope & req.requested & consent.ScopeAll
	today := DateOf(req.now)
	src := ApplyRetention(r, req.now)

	live := map[string]bool{} // the querier's live accounts
	for i := range src.Accounts {
		if a := &src.Accounts[i]; a.Institution == req.querier && a.Live() {
			live[a.ID] = true
		}
	}
	if rule.RequiresLiveAccount && len(live) == 0 {
		return nil, ErrNoLiveAccount
	}
	has := func(c consent.Class) bool { return eff.Has(c) && rule.Access(c) != AccessNone }
	b := &builder{src: src, out: &Record{}, direct: has(consent.ClassDirect), mask: rule.MaskAccountNumbers}
	v := &View{Purpose: req.purpose}

	switch rule.kind {
	case kindSelf, kindApproval, kindNoThirdParty, kindPostLoan, kindJudicial:
		if has(consent.ClassDirect) {
			b.directIdentity()
		}
		if has(consent.ClassQuasi) {
			b.quasiIdentity(true, true)
			b.out.Residences = slices.Clone(src.Residences)
			b.out.Employment = slices.Clone(src.Employment)
		}
		if has(consent.ClassFinancial) {
			b.accounts(func(*Account) bool { return true }, false)
			b.out.PublicRecords = slices.Clone(src.PublicRecords)
			b.out.Inquiries = slices.Clone(src.Inquiries)
			b.out.Annotations = slices.Clone(src.Annotations)
		}
		if has(consent.ClassThirdParty) {
			switch rule.kind {
			case kindSelf:
				b.spouse(false)
				b.out.Contacts = slices.Clone(src.Contacts)
				b.out.Obligors = slices.Clone(src.Obligors)
			case kindJudicial:
				b.spouse(false)
				b.out.Obligors = slices.Clone(src.Obligors)
			case kindApproval:
				if req.query.SpouseCoApplicant {
					b.spouse(false)
				}
			case kindPostLoan:
				for _, o := range src.Obligors {
					if live[o.AccountID] {
						b.out.Obligors = append(b.out.Obligors, o)
					}
				}
			}
		}
	case kindHousingFund:
		if has(consent.ClassDirect) {
			b.directIdentity()
		}
		if has(consent.ClassQuasi) {
			b.quasiIdentity(false, true)
			b.out.Residences = slices.Clone(src.Residences)
		}
		if has(consent.ClassFinancial) {
			b.accounts(func(a *Account) bool { return a.Business.Residential() }, false)
			b.annotationsOnReleased()
		}
		if has(consent.ClassThirdParty) {
			b.spouse(true)
		}
	case kindReview:
		if has(consent.ClassDirect) {
			b.directIdentity()
		}
		if has(consent.ClassQuasi) {
			b.out.Employment = slices.Clone(src.Employment)
		}
		if has(consent.ClassFinancial) {
			v.Aggregates = aggregate(src, today)
		}
	case kindMultiLending:
		if has(consent.ClassFinancial) {
			v.Aggregates = aggregate(src, today)
		}
	case kindCollection:
		i := slices.IndexFunc(src.Accounts, func(a Account) bool { return a.ID == req.query.AccountID })
		if req.query.AccountID == "" || i < 0 || !live[req.query.AccountID] {
			return nil, ErrNoCollectionAccount
		}
		if has(consent.ClassDirect) {
			if id := src.Identity; id != nil {
				b.out.Identity = &Identity{Name: id.Name, IDType: id.IDType, IDNumber: MaskIDNumber(id.IDNumber)}
			}
			b.out.Phones = slices.Clone(src.Phones)
		}
		if has(consent.ClassQuasi) && len(src.Residences) > 0 {
			latest := src.Residences[0]
			for _, res := range src.Residences[1:] {
				if res.Updated.After(latest.Updated) {
					latest = res
				}
			}
			b.out.Residences = []Residence{latest}
		}
		if has(consent.ClassFinancial) {
			b.accounts(func(a *Account) bool { return a.ID == req.query.AccountID }, true)
			b.annotationsOnReleased()
		}
	default:
		return nil, fmt.Errorf("credit: policy row without a view: %w", ErrPurposeNotCovered)
	}

	if b.out.Identity != nil && *b.out.Identity == (Identity{}) {
		b.out.Identity = nil
	}
	v.Released = b.out.classesPresent()
	if v.Released != 0 {
		v.Record = b.out
	}
	if v.Aggregates != nil {
		v.Released |= consent.Scope(consent.ClassFinancial)
	}
	return v, nil
}

type builder struct {
	src, out *Record
	direct   bool // direct identifiers released: account numbers may appear
	mask     bool
}

func (b *builder) identity() *Identity {
	if b.out.Identity == nil {
		b.out.Identity = &Identity{}
	}
	return b.out.Identity
}

func (b *builder) directIdentity() {
	if id := b.src.Identity; id != nil {
		o := b.identity()
		o.Name, o.IDType, o.IDNumber, o.Email = id.Name, id.IDType, id.IDNumber, id.Email
	}
	b.out.Phones = slices.Clone(b.src.Phones)
}

func (b *builder) quasiIdentity(all, marital bool) {
	id := b.src.Identity
	if id == nil {
		return
	}
	o := b.identity()
	if all {
		o.Gender, o.BirthDate, o.Education = id.Gender, id.BirthDate, id.Education
	}
	if marital {
		o.MaritalStatus = id.MaritalStatus
	}
}

func (b *builder) spouse(idOnly bool) {
	s := b.src.Spouse
	if s == nil {
		return
	}
	c := *s
	if idOnly {
		c = Spouse{Name: s.Name, IDType: s.IDType, IDNumber: s.IDNumber}
	}
	b.out.Spouse = &c
}

// accounts copies the accounts keep selects. The account number is a direct
// identifier: it appears only when direct identifiers are released, masked
// unless the rule says otherwise. narrow drops what a collector does not need
// (repayment history, classification, adverse-period end).
func (b *builder) accounts(keep func(*Account) bool, narrow bool) {
	for i := range b.src.Accounts {
		a := b.src.Accounts[i]
		if !keep(&a) {
			continue
		}
		switch {
		case !b.direct:
			a.Number = ""
		case b.mask:
			a.Number = MaskAccountNumber(a.Number)
		}
		if narrow {
			a.Class, a.Repayment, a.RepaymentAsOf, a.AdverseEnd = 0, "", Date{}, Date{}
		}
		b.out.Accounts = append(b.out.Accounts, a)
	}
}

// annotationsOnReleased copies annotations attached to released accounts.
func (b *builder) annotationsOnReleased() {
	for _, n := range b.src.Annotations {
		if n.Target != "" && slices.ContainsFunc(b.out.Accounts, func(a Account) bool { return a.ID == n.Target }) {
			b.out.Annotations = append(b.out.Annotations, n)
		}
	}
}
