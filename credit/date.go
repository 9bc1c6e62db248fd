package credit

import (
	"fmt"
	"time"
)

// Date is a civil date (year, month, day) without time of day or zone, as
// credit reports record them. The zero Date means "unset". Dates compare with
// ==, [Date.Before] and [Date.After]; they marshal as "2006-01-02".
type Date struct {
	d int32 // days since 1970-01-01 plus dateBias; 0 = unset
}

// dateBias keeps every date from year 1 to 9999 non-zero.
const dateBias = 1 << 20

const dateLayout = "2006-01-02"

// NewDate returns the date y-m-d. Out-of-range days normalize as in
// [time.Date] (February 30 becomes March 2); use [ParseDate] to reject them.
func NewDate(y int, m time.Month, d int) Date {
	return DateOf(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// DateOf returns the civil date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	u := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()
	return Date{d: int32(u/86400) + dateBias}
}

// ParseDate parses "YYYY-MM-DD", rejecting impossible dates and years outside
// 1–9999. The error wraps [ErrInvalidValue].
func ParseDate(s string) (Date, error) {
	if d, ok := parseDateFast(s); ok {
		return d, nil
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil || len(s) != len(dateLayout) {
		return Date{}, fmt.Errorf("credit: date: %w", ErrInvalidValue)
	}
	return DateOf(t), nil
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.d == 0 }

// Time returns midnight UTC of the date (the zero time.Time when unset).
func (d Date) Time() time.Time {
	if d.d == 0 {
		return time.Time{}
	}
	return time.Unix(int64(d.d-dateBias)*86400, 0).UTC()
}

// Equal reports whether d and e are the same date.
func (d Date) Equal(e Date) bool { return d == e }

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.d < e.d }

// After reports whether d is later than e.
func (d Date) After(e Date) bool { return d.d > e.d }

// AddDate adds years, months and days with [time.Time.AddDate]'s
// normalization: 2020-02-29 plus 5 years is 2025-03-01.
func (d Date) AddDate(years, months, days int) Date {
	if d.d == 0 {
		return d
	}
	return DateOf(d.Time().AddDate(years, months, days))
}

// String returns "YYYY-MM-DD", or "" when unset.
func (d Date) String() string {
	if d.d == 0 {
		return ""
	}
	var b [len(dateLayout)]byte
	return string(d.appendTo(b[:0]))
}

// AppendText appends [Date.String] to b (nothing when unset).
func (d Date) AppendText(b []byte) ([]byte, error) { return d.appendTo(b), nil }

// MarshalText returns [Date.String].
func (d Date) MarshalText() ([]byte, error) {
	return d.appendTo(make([]byte, 0, len(dateLayout))), nil
}

// UnmarshalText parses with [ParseDate]; empty text is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
