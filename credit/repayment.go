package credit

import "fmt"

// Money is an amount in minor units of the account's currency (fen for CNY).
// It is never a float. Amounts in the model are non-negative.
type Money int64

// String formats the amount with two decimals ("1234.50"). It assumes a
// currency with two minor digits, which holds for CNY, USD, EUR, HKD and GBP;
// JPY amounts print as hundredths.
func (m Money) String() string {
	sign := ""
	v := int64(m)
	if v < 0 {
		sign = "-"
		v = -v
		if v < 0 { // math.MinInt64
			return "-92233720368547758.08"
		}
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// RepaymentMonths is the length of a repayment history: 24 months.
const RepaymentMonths = 24

// Repayment is a 24-month repayment status history (还款状态). Character i is
// the status of month i, OLDEST FIRST: the last character is the most recent
// month (the month of [Account.RepaymentAsOf]). This matches the left-to-right
// timeline of the printed report. Status characters (PBOC code table):
//
//	N on time            1–7 overdue 1–30 … 180+ days   * nothing due
//	# unknown            / not yet opened               A statement date changed
//	B bad debt           C settled                      D repaid by guarantor
//	G ended abnormally   M paid late within the month   Z settled with assets
//
// The zero value (empty string) means "no history" and is valid.
type Repayment string

const repaymentAlphabet = "N1234567*#/ABCDGMZ"

// repaymentChar[c] reports whether c is in repaymentAlphabet.
var repaymentChar = func() (t [256]bool) {
	for i := 0; i < len(repaymentAlphabet); i++ {
		t[repaymentAlphabet[i]] = true
	}
	return t
}()

// Valid reports whether r is empty or exactly 24 status characters.
func (r Repayment) Valid() bool {
	if r == "" {
		return true
	}
	if len(r) != RepaymentMonths {
		return false
	}
	for i := 0; i < len(r); i++ {
		if !repaymentChar[r[i]] {
			return false
		}
	}
	return true
}

// ParseRepayment checks s with [Repayment.Valid]; the error wraps
// [ErrInvalidValue].
func ParseRepayment(s string) (Repayment, error) {
	if !Repayment(s).Valid() {
		return "", fmt.Errorf("credit: repayment history: %w", ErrInvalidValue)
	}
	return Repayment(s), nil
}

// WorstOverdue returns the worst overdue bucket in the history: 0 when no
// month was overdue, 1–7 for the PBOC buckets (1 = 1–30 days … 7 = 180+).
// Bad debt (B) counts as 7.
func (r Repayment) WorstOverdue() int {
	worst := 0
	for i := 0; i < len(r); i++ {
		c := r[i]
		switch {
		case c >= '1' && c <= '7':
			worst = max(worst, int(c-'0'))
		case c == 'B':
			worst = 7
		}
	}
	return worst
}

// Latest returns the most recent month's status (the last character), or 0
// for an empty history.
func (r Repayment) Latest() byte {
	if r == "" {
		return 0
	}
	return r[len(r)-1]
}
