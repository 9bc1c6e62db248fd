package synth

import (
	"fmt"

	"github.com/credq/credq/credit"
)

// accounts adds a plausible account mix. Shares are rough public figures:
// most adults hold at least one credit card, about a third a mortgage, and
// 44% of online-lending customers borrow from more than one platform
// (DOMAIN.md).
func (g *Generator) accounts(r *credit.Record, age int) {
	cards := []int{0, 0, 1, 1, 1, 2, 2, 3, 4, 6}[g.pick(10)]
	for i := 0; i < cards; i++ {
		g.addAccount(r, credit.AccountR2, credit.BizCreditCard, age)
	}
	loans := g.pick(2)
	if g.chance(0.44) {
		loans = 2 + g.pick(5) // multi-lending
	}
	for i := 0; i < loans; i++ {
		g.addAccount(r, credit.AccountD1, credit.BizConsumer, age)
	}
	if age > 25 && g.chance(0.3) {
		biz := credit.BizHousing
		if g.chance(0.25) {
			biz = credit.BizHousingFund
		}
		a := g.addAccount(r, credit.AccountD1, biz, age)
		if r.Spouse != nil && g.chance(0.5) {
			r.Obligors = append(r.Obligors, credit.Obligor{AccountID: a.ID, Role: credit.RoleCoBorrower,
				Name: r.Spouse.Name, IDNumber: r.Spouse.IDNumber})
		}
	}
	if g.chance(0.1) {
		g.addAccount(r, credit.AccountD1, credit.BizCar, age)
	}
}

func (g *Generator) addAccount(r *credit.Record, typ credit.AccountType, biz credit.BusinessType, age int) *credit.Account {
	years := min(10, age-18)
	a := credit.Account{
		ID:          fmt.Sprintf("%s-a%d", r.ID, len(r.Accounts)+1),
		Type:        typ,
		Business:    biz,
		Institution: Institutions[g.pick(len(Institutions))],
		Currency:    credit.CNY,
		OpenedOn:    g.today.AddDate(0, 0, -30-g.pick(365*years)),
		Status:      credit.StatusNormal,
		Class:       credit.ClassNormal,
	}
	a.Number = fmt.Sprintf("62%014d", g.r.Int64N(1e14))
	var term int // months; 0 for revolving
	switch biz {
	case credit.BizCreditCard:
		a.CreditLimit = credit.Money(1000_00 * (5 + g.pick(96)))
		a.Class = 0
	case credit.BizConsumer:
		a.Principal, term = credit.Money(100_00*(20+g.pick(480))), 6+g.pick(31)
	case credit.BizCar:
		a.Principal, term = credit.Money(1000_00*(50+g.pick(250))), 36+g.pick(25)
	default: // mortgages
		a.Principal, term = credit.Money(10000_00*(50+g.pick(250))), 240+g.pick(121)
	}
	if term > 0 {
		a.DueOn = a.OpenedOn.AddDate(0, term, 0)
	}
	closed := (term > 0 && !a.DueOn.After(g.today)) || g.chance(0.15)
	asOf := g.today.AddDate(0, 0, -g.today.Time().Day()) // end of last month
	if closed {
		end := a.DueOn
		if term == 0 || end.After(g.today) {
			end = a.OpenedOn.AddDate(0, 0, g.pick(int(days(a.OpenedOn, g.today))+1))
		}
		a.ClosedOn, asOf = end, end
		a.Status = credit.StatusSettled
	}
	if asOf.Before(a.OpenedOn) {
		asOf = a.OpenedOn
	}
	a.RepaymentAsOf = asOf
	g.history(&a, asOf, term, closed)
	r.Accounts = append(r.Accounts, a)
	return &r.Accounts[len(r.Accounts)-1]
}

func days(from, to credit.Date) int64 {
	return int64(to.Time().Sub(from.Time()).Hours() / 24)
}

// history fills the 24-month repayment string (oldest first), the balance,
// the overdue amount, the status, the class and the adverse-period end.
func (g *Generator) history(a *credit.Account, asOf credit.Date, term int, closed bool) {
	var h [credit.RepaymentMonths]byte
	openIdx := credit.RepaymentMonths - 1 - months(a.OpenedOn, asOf)
	for i := range h {
		switch {
		case i < openIdx:
			h[i] = '/'
		case term == 0 && g.chance(0.15):
			h[i] = '*' // card with nothing due that month
		default:
			h[i] = 'N'
		}
	}
	ongoing, hadEpisode, cureIdx := false, false, 0
	if start := max(openIdx, 0) + g.pick(credit.RepaymentMonths); start < credit.RepaymentMonths && g.chance(0.12) {
		hadEpisode = true
		n := 1 + g.pick(8)
		for k := 0; k < n && start+k < credit.RepaymentMonths; k++ {
			h[start+k] = byte('1' + min(k, 6))
		}
		cureIdx = start + n
		ongoing = cureIdx >= credit.RepaymentMonths || g.chance(0.3)
		if ongoing && !closed {
			for k := cureIdx; k < credit.RepaymentMonths; k++ {
				h[k] = byte('1' + min(k-start, 6))
			}
		}
	}
	if closed {
		h[credit.RepaymentMonths-1] = 'C'
		if hadEpisode {
			a.AdverseEnd = a.ClosedOn
		}
		a.Repayment = credit.Repayment(h[:])
		return
	}
	a.Repayment = credit.Repayment(h[:])
	switch {
	case a.Type.Revolving():
		a.Balance = credit.Money(g.r.Int64N(int64(a.CreditLimit)*6/10 + 1))
	default:
		left := max(0, months(g.today, a.DueOn))
		a.Balance = credit.Money(int64(a.Principal) * int64(left) / int64(max(term, 1)))
	}
	if hadEpisode && ongoing {
		worst := a.Repayment.WorstOverdue()
		a.Overdue = credit.Money(int64(a.Balance)/20 + 100_00*int64(worst))
		a.Status = credit.StatusOverdue
		a.Class = []credit.LoanClass{credit.ClassSpecialMention, credit.ClassSpecialMention, credit.ClassSubstandard,
			credit.ClassSubstandard, credit.ClassDoubtful, credit.ClassDoubtful, credit.ClassLoss}[worst-1]
		if worst == 7 && g.chance(0.5) {
			a.Status = credit.StatusBadDebt
		}
	} else if hadEpisode {
		// Cured: the adverse period ended in the month after the last
		// overdue month.
		a.AdverseEnd = asOf.AddDate(0, cureIdx-(credit.RepaymentMonths-1), 0)
	}
	if a.Type.Revolving() {
		a.Class = 0
	}
}

// months returns the number of whole calendar months from a to b (negative
// when b is before a).
func months(a, b credit.Date) int {
	ta, tb := a.Time(), b.Time()
	return (tb.Year()-ta.Year())*12 + int(tb.Month()) - int(ta.Month())
}
