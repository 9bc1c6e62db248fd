package credit

import (
	"slices"
	"time"
)

// ApplyRetention returns a copy of r without what no view may show on the day
// of now, whatever the purpose: accounts and public records whose adverse
// period ended five years ago or more ([AdverseExpired]), inquiries outside
// the 24-month display window ([InquiryVisible]), and the co-obligors and
// annotations of dropped accounts. r is not modified.
//
// Retention here is a display rule; deleting stored data once its statutory
// period ends is the store's job.
func ApplyRetention(r *Record, now time.Time) *Record {
	today := DateOf(now)
	out := r.clone()
	dropped := map[string]bool{}
	out.Accounts = slices.DeleteFunc(out.Accounts, func(a Account) bool {
		if AdverseExpired(a.AdverseEnd, today) {
			dropped[a.ID] = true
			return true
		}
		return false
	})
	out.PublicRecords = slices.DeleteFunc(out.PublicRecords, func(p PublicRecord) bool {
		return AdverseExpired(p.AdverseEnd, today)
	})
	out.Inquiries = slices.DeleteFunc(out.Inquiries, func(q Inquiry) bool {
		return !InquiryVisible(q.Date, today)
	})
	if len(dropped) > 0 {
		out.Obligors = slices.DeleteFunc(out.Obligors, func(o Obligor) bool { return dropped[o.AccountID] })
		out.Annotations = slices.DeleteFunc(out.Annotations, func(n Annotation) bool { return dropped[n.Target] })
	}
	return out
}

// clone returns a copy of r sharing nothing mutable with it. (Every element
// type holds only values and strings, so copying the slices is deep.)
func (r *Record) clone() *Record {
	c := *r
	if r.Identity != nil {
		id := *r.Identity
		c.Identity = &id
	}
	if r.Spouse != nil {
		s := *r.Spouse
		c.Spouse = &s
	}
	c.Phones = slices.Clone(r.Phones)
	c.Residences = slices.Clone(r.Residences)
	c.Employment = slices.Clone(r.Employment)
	c.Contacts = slices.Clone(r.Contacts)
	c.Accounts = slices.Clone(r.Accounts)
	c.Obligors = slices.Clone(r.Obligors)
	c.PublicRecords = slices.Clone(r.PublicRecords)
	c.Inquiries = slices.Clone(r.Inquiries)
	c.Annotations = slices.Clone(r.Annotations)
	return &c
}

// Aggregates are the Σ cells of the policy: counts only, computed after
// retention.
type Aggregates struct {
	// Accounts counts every account on the file (open or closed).
	Accounts int `json:"accountCount"`
	// OverdueAccounts counts accounts with an overdue amount or the overdue
	// status.
	OverdueAccounts int `json:"overdueAccountCount"`
	// HardInquiries1M … HardInquiries12M count hard inquiries (applications,
	// consent.Purpose.Hard) within the last 1, 3, 6 and 12 months, with the
	// same window rule as InquiryVisible.
	HardInquiries1M  int `json:"hardInquiries1m"`
	HardInquiries3M  int `json:"hardInquiries3m"`
	HardInquiries6M  int `json:"hardInquiries6m"`
	HardInquiries12M int `json:"hardInquiries12m"`
}

// aggregate counts over a record that retention has already filtered.
func aggregate(r *Record, today Date) *Aggregates {
	a := &Aggregates{Accounts: len(r.Accounts)}
	for i := range r.Accounts {
		if r.Accounts[i].Overdue > 0 || r.Accounts[i].Status == StatusOverdue {
			a.OverdueAccounts++
		}
	}
	within := func(d Date, months int) bool {
		return !d.After(today) && today.Before(d.AddDate(0, months, 0))
	}
	for _, q := range r.Inquiries {
		if !q.Purpose.Hard() {
			continue
		}
		for _, w := range []struct {
			n   int
			dst *int
		}{{1, &a.HardInquiries1M}, {3, &a.HardInquiries3M}, {6, &a.HardInquiries6M}, {12, &a.HardInquiries12M}} {
			if within(q.Date, w.n) {
				*w.dst++
			}
		}
	}
	return a
}

// MaskAccountNumber keeps the last four characters and replaces every other
// character with '*', keeping the length ("6222021234567890" →
// "************7890"). Numbers of four characters or fewer are fully masked.
func MaskAccountNumber(s string) string { return mask(s, 0, 4) }

// MaskIDNumber keeps the first three and the last four characters and replaces
// the rest with '*' ("11010519491231002X" → "110***********002X"): the birth
// date and the sequence number are hidden. Values of seven characters or
// fewer are fully masked.
func MaskIDNumber(s string) string { return mask(s, 3, 4) }

func mask(s string, head, tail int) string {
	r := []rune(s)
	if len(r) <= head+tail {
		head, tail = 0, 0
	}
	for i := head; i < len(r)-tail; i++ {
		r[i] = '*'
	}
	return string(r)
}
