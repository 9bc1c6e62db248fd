package vault

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"io"
	"slices"

	"filippo.io/age"
	"github.com/credq/credq/encoding"
)

// Keyring limits. A keyring is a small file; the caps bound what a corrupt
// or hostile file can make the parser allocate.
const (
	keySize         = 32
	maxKeyringKEKs  = 1024
	maxIndexKeys    = 1024
	maxNameLen      = 64
	keyringFormatV1 = 1
	maxKeyringSize  = 1 << 20
)

// kek is one version of the key-encryption key.
type kek struct {
	version uint32
	retired bool
	key     [keySize]byte
}

// IndexKey is one version of a blind-index key: the index name (the
// identifier kind it covers, see [IndexResidentID]), its version, the tag
// length in bits chosen by [PlanIndex], and whether it is retired. The key
// bytes are not exported.
type IndexKey struct {
	Name    string
	Version uint32
	Bits    int
	Retired bool
	key     [keySize]byte
}

// String describes the key without its secret.
func (k IndexKey) String() string {
	return fmt.Sprintf("index %s v%d (%d bits)", k.Name, k.Version, k.Bits)
}

// Keyring is an institution's set of secret keys: versioned key-encryption
// keys (KEKs) that wrap subject keys, and versioned blind-index keys. It is
// stored only sealed to the institution's root age identity ([Keyring.Seal],
// [OpenKeyring]). A Keyring is not safe for concurrent mutation; a [Vault]
// serializes access to the keyring it was given.
type Keyring struct {
	institution string
	current     uint32
	keks        []kek
	indexes     []IndexKey
}

// NewKeyring returns a keyring for the institution with one fresh KEK
// (version 1) and no index keys.
func NewKeyring(institution string) (*Keyring, error) {
	if institution == "" || len(institution) > maxNameLen {
		return nil, fmt.Errorf("vault: institution name must be 1..%d bytes: %w", maxNameLen, ErrInvalidInput)
	}
	k := &Keyring{institution: institution}
	if _, err := k.RotateKEK(); err != nil {
		return nil, err
	}
	return k, nil
}

// Institution returns the institution the keyring belongs to.
func (k *Keyring) Institution() string { return k.institution }

// CurrentKEK returns the version of the KEK that wraps new subject keys.
func (k *Keyring) CurrentKEK() uint32 { return k.current }

// KEKVersions returns the versions of the KEKs that are not retired, in
// ascending order.
func (k *Keyring) KEKVersions() []uint32 {
	var out []uint32
	for _, e := range k.keks {
		if !e.retired {
			out = append(out, e.version)
		}
	}
	return out
}

// RotateKEK adds a fresh KEK and makes it current. Subject keys wrapped
// under older versions stay readable until [Vault.Rewrap] moves them and
// [Keyring.RetireKEK] retires the old version.
func (k *Keyring) RotateKEK() (uint32, error) {
	if len(k.keks) >= maxKeyringKEKs {
		return 0, fmt.Errorf("vault: keyring holds %d KEKs: %w", len(k.keks), ErrInvalidInput)
	}
	e := kek{version: k.current + 1}
	if _, err := rand.Read(e.key[:]); err != nil {
		return 0, fmt.Errorf("vault: reading randomness: %w", err)
	}
	k.keks = append(k.keks, e)
	k.current = e.version
	return e.version, nil
}

// kek returns the live KEK of version v.
func (k *Keyring) kek(v uint32) (*kek, error) {
	for i := range k.keks {
		if k.keks[i].version == v && !k.keks[i].retired {
			return &k.keks[i], nil
		}
	}
	return nil, fmt.Errorf("vault: KEK version %d: %w", v, ErrUnknownKeyVersion)
}

// retireKEK destroys the key bytes of version v. The current version cannot
// be retired. Use [Vault.RetireKEK], which first checks that no subject key
// is still wrapped under v.
func (k *Keyring) retireKEK(v uint32) error {
	if v == k.current {
		return fmt.Errorf("vault: cannot retire the current KEK: %w", ErrInvalidInput)
	}
	e, err := k.kek(v)
	if err != nil {
		return err
	}
	e.retired = true
	clear(e.key[:])
	return nil
}

// AddIndex adds a new version of the blind index name with tags of bits
// bits (use [PlanIndex] to choose them) and returns its version. Entries
// written under older versions stay searchable until the version is retired.
func (k *Keyring) AddIndex(name string, bits int) (uint32, error) {
	if name == "" || len(name) > maxNameLen {
		return 0, fmt.Errorf("vault: index name must be 1..%d bytes: %w", maxNameLen, ErrInvalidInput)
	}
	if bits < minTagBits || bits > maxTagBits {
		return 0, fmt.Errorf("vault: index tag of %d bits outside %d..%d: %w", bits, minTagBits, maxTagBits, ErrInvalidInput)
	}
	if len(k.indexes) >= maxIndexKeys {
		return 0, fmt.Errorf("vault: keyring holds %d index keys: %w", len(k.indexes), ErrInvalidInput)
	}
	ik := IndexKey{Name: name, Bits: bits, Version: 1}
	for _, e := range k.indexes {
		if e.Name == name && e.Version >= ik.Version {
			ik.Version = e.Version + 1
		}
	}
	if _, err := rand.Read(ik.key[:]); err != nil {
		return 0, fmt.Errorf("vault: reading randomness: %w", err)
	}
	k.indexes = append(k.indexes, ik)
	return ik.Version, nil
}

// RetireIndex destroys the key of version v of index name; entries written
// under it can no longer be found.
func (k *Keyring) RetireIndex(name string, v uint32) error {
	for i := range k.indexes {
		if e := &k.indexes[i]; e.Name == name && e.Version == v && !e.Retired {
			e.Retired = true
			clear(e.key[:])
			return nil
		}
	}
	return fmt.Errorf("vault: index %s version %d: %w", name, v, ErrUnknownKeyVersion)
}

// Indexes returns the index keys (without key bytes) in the order added.
func (k *Keyring) Indexes() []IndexKey {
	out := slices.Clone(k.indexes)
	for i := range out {
		clear(out[i].key[:])
	}
	return out
}

// liveIndexes returns the live versions of index name, newest first.
func (k *Keyring) liveIndexes(name string) []IndexKey {
	var out []IndexKey
	for i := len(k.indexes) - 1; i >= 0; i-- {
		if e := k.indexes[i]; e.Name == name && !e.Retired {
			out = append(out, e)
		}
	}
	return out
}

// Seal encrypts the keyring to the institution's root recipient (an
// *age.X25519Recipient or *age.HybridRecipient) and returns the age file.
func (k *Keyring) Seal(root age.Recipient) ([]byte, error) {
	plain, err := k.marshal()
	if err != nil {
		return nil, err
	}
	defer clear(plain)
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, root)
	if err != nil {
		return nil, fmt.Errorf("vault: sealing keyring: %w", err)
	}
	if _, err := w.Write(plain); err != nil {
		return nil, fmt.Errorf("vault: sealing keyring: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("vault: sealing keyring: %w", err)
	}
	return buf.Bytes(), nil
}

// OpenKeyring decrypts a keyring file written by [Keyring.Seal] with the
// root identity. A file that the identity cannot decrypt is [ErrWrongKey];
// a file that decrypts but does not parse is an [*encoding.ParseError].
func OpenKeyring(sealed []byte, root age.Identity) (*Keyring, error) {
	r, err := age.Decrypt(bytes.NewReader(sealed), root)
	if err != nil {
		return nil, fmt.Errorf("vault: opening keyring: %w", ErrWrongKey)
	}
	plain, err := io.ReadAll(io.LimitReader(r, maxKeyringSize+1))
	if err != nil {
		return nil, fmt.Errorf("vault: opening keyring: %w", ErrWrongKey)
	}
	defer clear(plain)
	if len(plain) > maxKeyringSize {
		return nil, &encoding.ParseError{What: "keyring", Offset: maxKeyringSize, Err: encoding.ErrTooLarge}
	}
	return parseKeyring(plain)
}
