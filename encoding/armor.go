package encoding

import (
	"encoding/base64"
	"fmt"
)

// Text armor turns a binary value into a copy-pasteable string: a short type
// prefix chosen by the caller (for example "cqc1_") followed by unpadded
// base64url (RFC 4648 §5). Decoding is strict so that every value has exactly
// one armored form: padding, whitespace, line breaks, characters outside the
// URL-safe alphabet and non-zero trailing bits are all rejected with
// [ErrBadArmor]. (The standard library's decoder silently skips CR and LF,
// hence the explicit alphabet check.)

var armorEncoding = base64.RawURLEncoding.Strict()

// Armor returns prefix followed by the unpadded base64url encoding of data.
func Armor(prefix string, data []byte) string {
	buf := make([]byte, len(prefix)+armorEncoding.EncodedLen(len(data)))
	copy(buf, prefix)
	armorEncoding.Encode(buf[len(prefix):], data)
	return string(buf)
}

// Dearmor checks that text starts with prefix, that the rest is canonical
// unpadded base64url, and that it decodes to at most maxBytes bytes; it returns
// the decoded bytes. The length cap is checked before decoding.
func Dearmor(prefix, text string, maxBytes int) ([]byte, error) {
	if len(text) < len(prefix) || text[:len(prefix)] != prefix {
		return nil, fmt.Errorf("encoding: armored text lacks the expected prefix: %w", ErrBadArmor)
	}
	body := text[len(prefix):]
	if len(body) > armorEncoding.EncodedLen(maxBytes) {
		return nil, fmt.Errorf("encoding: armored text longer than %d bytes: %w (%w)", maxBytes, ErrBadArmor, ErrTooLarge)
	}
	for i := 0; i < len(body); i++ {
		if !isBase64URL(body[i]) {
			return nil, fmt.Errorf("encoding: armored text has a byte outside the base64url alphabet at offset %d: %w", len(prefix)+i, ErrBadArmor)
		}
	}
	out := make([]byte, armorEncoding.DecodedLen(len(body)))
	n, err := armorEncoding.Decode(out, []byte(body))
	if err != nil {
		// Wrong length modulo 4 or non-zero trailing bits.
		return nil, fmt.Errorf("encoding: armored text is not canonical base64url: %w (%w)", ErrBadArmor, ErrNonCanonical)
	}
	return out[:n], nil
}

func isBase64URL(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}
