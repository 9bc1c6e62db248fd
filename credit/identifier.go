package credit

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Matching-key prefixes. The kind and version are part of every key so that
// parties on different normalization rules miss matches visibly (at the
// handshake) rather than silently. A change to any rule below gets a new
// version, never an in-place edit.
const (
	KindResidentID = "cnid:v1:"
	KindMobile     = "cnmob:v1:"
	KindEmail      = "email:v1:"
)

// maxIdentifierInput caps the input of every normalizer before any
// allocation; no valid identifier comes near it.
const maxIdentifierInput = 512

// GB 11643-1999 / ISO 7064 MOD 11-2 weights for the first 17 digits.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const idCheckChars = "10X98765432"

// ResidentIDCheck returns the check character for the first 17 digits of a
// resident identity number (ISO 7064 MOD 11-2). It returns 0 when digits17 is
// not 17 ASCII digits.
func ResidentIDCheck(digits17 string) byte {
	if len(digits17) != 17 {
		return 0
	}
	s := 0
	for i := 0; i < 17; i++ {
		c := digits17[i]
		if c < '0' || c > '9' {
			return 0
		}
		s += int(c-'0') * idWeights[i]
	}
	return idCheckChars[s%11]
}

// NormalizeResidentID returns the canonical 18-character form of a
// mainland-China resident identity number (GB 11643-1999), using today's date
// for the not-in-the-future check. See [NormalizeResidentIDAt].
func NormalizeResidentID(s string) (string, error) {
	return NormalizeResidentIDAt(s, time.Now())
}

// NormalizeResidentIDAt normalizes s as of the day of now:
//
//   - NFKC (full-width digits become ASCII), then surrounding white space is
//     trimmed; a lower-case check character x is upper-cased. Nothing else is
//     changed: inner spaces or separators are rejected, never repaired.
//   - 18 characters: 17 digits and a check character 0–9/X that must equal
//     the MOD 11-2 check ([ResidentIDCheck]).
//   - 15 characters (legacy, all digits): "19" is inserted after the 6-digit
//     address code and the check character is appended.
//   - The birth date (characters 7–14) must be a real calendar date, not after
//     now and not before 1800.
//
// The 6-digit address code is not checked against a list: codes retire over
// time and old numbers stay valid. The error wraps [ErrInvalidResidentID] and
// never contains the input.
func NormalizeResidentIDAt(s string, now time.Time) (string, error) {
	if len(s) > maxIdentifierInput {
		return "", fmt.Errorf("%w: too long", ErrInvalidResidentID)
	}
	s = strings.TrimSpace(norm.NFKC.String(s))
	var id string
	switch len(s) {
	case 18:
		if !allDigits(s[:17]) {
			return "", fmt.Errorf("%w: not 17 digits and a check character", ErrInvalidResidentID)
		}
		last := s[17]
		if last == 'x' {
			last = 'X'
		}
		if last != ResidentIDCheck(s[:17]) {
			return "", fmt.Errorf("%w: check character mismatch", ErrInvalidResidentID)
		}
		id = s[:17] + string(last)
	case 15:
		if !allDigits(s) {
			return "", fmt.Errorf("%w: legacy number not 15 digits", ErrInvalidResidentID)
		}
		body := s[:6] + "19" + s[6:]
		id = body + string(ResidentIDCheck(body))
	default:
		return "", fmt.Errorf("%w: length not 18 or 15", ErrInvalidResidentID)
	}
	birth, err := time.Parse("20060102", id[6:14])
	if err != nil {
		return "", fmt.Errorf("%w: impossible birth date", ErrInvalidResidentID)
	}
	if birth.Year() < 1800 || DateOf(now).Before(DateOf(birth)) {
		return "", fmt.Errorf("%w: birth date out of range", ErrInvalidResidentID)
	}
	return id, nil
}

// ResidentIDKey returns the matching key "cnid:v1:" + the canonical number.
func ResidentIDKey(s string) (string, error) {
	id, err := NormalizeResidentID(s)
	if err != nil {
		return "", err
	}
	return KindResidentID + id, nil
}

// ResidentIDBirthDate returns the birth date encoded in a canonical resident
// identity number (the output of [NormalizeResidentID]).
func ResidentIDBirthDate(id string) (Date, error) {
	if len(id) != 18 {
		return Date{}, ErrInvalidResidentID
	}
	t, err := time.Parse("20060102", id[6:14])
	if err != nil {
		return Date{}, ErrInvalidResidentID
	}
	return DateOf(t), nil
}

// NormalizeMobile returns the E.164 form ("+8613800138000") of a
// mainland-China mobile number. Rules, in order: NFKC (full-width digits and
// plus sign become ASCII); the separators space, '-', '.', '(' and ')' are
// removed; a leading "+86", "0086" or "86" is removed when exactly 11 digits
// remain; the rest must match ^1[3-9]\d{9}$. Carrier prefixes are not
// hard-coded. The error wraps [ErrInvalidMobile] and never contains the input.
func NormalizeMobile(s string) (string, error) {
	if len(s) > maxIdentifierInput {
		return "", fmt.Errorf("%w: too long", ErrInvalidMobile)
	}
	s = norm.NFKC.String(s)
	b := make([]byte, 0, 16)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '-', '.', '(', ')':
		default:
			b = append(b, c)
		}
	}
	d := string(b)
	for _, p := range []string{"+86", "0086", "86"} {
		if strings.HasPrefix(d, p) && len(d)-len(p) == 11 {
			d = d[len(p):]
			break
		}
	}
	if len(d) != 11 || !allDigits(d) || d[0] != '1' || d[1] < '3' {
		return "", fmt.Errorf("%w: not an 11-digit mobile number", ErrInvalidMobile)
	}
	return "+86" + d, nil
}

// MobileKey returns the matching key "cnmob:v1:" + the E.164 number.
func MobileKey(s string) (string, error) {
	m, err := NormalizeMobile(s)
	if err != nil {
		return "", err
	}
	return KindMobile + m, nil
}

// maxEmail is the longest address accepted (RFC 5321 path limit).
const maxEmail = 254

// NormalizeEmail returns the canonical form of an e-mail address: NFKC,
// white space trimmed, lower-cased, with exactly one '@' between a non-empty
// local part and a non-empty domain, no inner white space or control
// characters, at most 254 bytes. Provider-specific rules (ignoring dots for
// one provider) are deliberately absent: they would need their own versioned
// kind. The error wraps [ErrInvalidEmail] and never contains the input.
func NormalizeEmail(s string) (string, error) {
	if len(s) > maxIdentifierInput {
		return "", fmt.Errorf("%w: too long", ErrInvalidEmail)
	}
	e := emailFold(s)
	// Lower-casing can produce text that NFKC changes again; accept only
	// values that are a fixed point, so normalizing a key never changes it.
	if emailFold(e) != e {
		return "", fmt.Errorf("%w: unstable under normalization", ErrInvalidEmail)
	}
	if !utf8.ValidString(e) || len(e) > maxEmail {
		return "", fmt.Errorf("%w: malformed", ErrInvalidEmail)
	}
	at := strings.IndexByte(e, '@')
	if at <= 0 || at == len(e)-1 || strings.Count(e, "@") != 1 {
		return "", fmt.Errorf("%w: need exactly one @ between non-empty parts", ErrInvalidEmail)
	}
	for _, r := range e {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return "", fmt.Errorf("%w: white space or control character", ErrInvalidEmail)
		}
	}
	return e, nil
}

func emailFold(s string) string {
	return norm.NFKC.String(strings.ToLower(strings.TrimSpace(norm.NFKC.String(s))))
}

// EmailKey returns the matching key "email:v1:" + the canonical address.
func EmailKey(s string) (string, error) {
	e, err := NormalizeEmail(s)
	if err != nil {
		return "", err
	}
	return KindEmail + e, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}
