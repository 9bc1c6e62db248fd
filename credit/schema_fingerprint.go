package credit

import (
	"crypto/sha256"
	"encoding/binary"
)

// SchemaFingerprint returns a SHA-256 digest of the schema table: the
// version, then every row's path, class and action in table order. Two
// builds with equal fingerprints classify and encrypt every field alike, so
// a stored record or a peer's message can carry it to detect a table that
// changed without a new [SchemaVersion]. It is computed once.
func SchemaFingerprint() [sha256.Size]byte { return schemaFingerprint }

var schemaFingerprint = func() [sha256.Size]byte {
	b := []byte("credq/credit/schema\x00")
	b = binary.BigEndian.AppendUint16(b, SchemaVersion)
	for i := range schema {
		f := &schema[i]
		b = append(b, byte(len(f.Path)))
		b = append(b, f.Path...)
		b = append(b, byte(f.Class), byte(f.Action))
	}
	return sha256.Sum256(b)
}()
