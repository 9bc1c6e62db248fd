package credit

// Civil-calendar arithmetic for [Date] without time.Time: formatting and
// parsing are on the hot path of field-level encryption (every date field of
// every sealed or opened record). The algorithms are Howard Hinnant's
// days_from_civil and civil_from_days for the proleptic Gregorian calendar,
// which is what time.Date uses. Years outside 1–9999 take the time-package
// path, so behaviour there is unchanged.

// daysFromCivil returns the days since 1970-01-01 of y-m-d (m 1–12, d 1–31).
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400 // y >= 0 here: callers pass years 1–9999
	yoe := y - era*400
	mp := m - 3
	if m <= 2 {
		mp = m + 9
	}
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil for days >= -719468
// (0000-03-01).
func civilFromDays(z int) (y, m, d int) {
	z += 719468
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
		y++
	}
	return y, m, d
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(m, y int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// appendTo appends "YYYY-MM-DD" (nothing for the zero Date).
func (d Date) appendTo(b []byte) []byte {
	if d.d == 0 {
		return b
	}
	days := int(d.d - dateBias)
	if days < minFastDays || days > maxFastDays {
		return d.Time().AppendFormat(b, dateLayout)
	}
	y, m, dd := civilFromDays(days)
	return append(b,
		byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-',
		byte('0'+dd/10), byte('0'+dd%10))
}

// The fast paths cover 0001-01-01 … 9999-12-31.
var (
	minFastDays = daysFromCivil(1, 1, 1)
	maxFastDays = daysFromCivil(9999, 12, 31)
)

// parseDateFast parses a valid "YYYY-MM-DD" with a year of 1–9999. It
// reports false for anything else, which ParseDate then hands to
// time.Parse, so the set of accepted strings is unchanged.
func parseDateFast(s string) (Date, bool) {
	if len(s) != len(dateLayout) || s[4] != '-' || s[7] != '-' {
		return Date{}, false
	}
	var v [8]int
	for i, k := range [8]int{0, 1, 2, 3, 5, 6, 8, 9} {
		c := s[k]
		if c < '0' || c > '9' {
			return Date{}, false
		}
		v[i] = int(c - '0')
	}
	y := v[0]*1000 + v[1]*100 + v[2]*10 + v[3]
	m := v[4]*10 + v[5]
	d := v[6]*10 + v[7]
	if y < 1 || m < 1 || m > 12 || d < 1 || d > daysIn(m, y) {
		return Date{}, false
	}
	return Date{d: int32(daysFromCivil(y, m, d)) + dateBias}, true
}
