package vault

import (
	"github.com/credq/credq/encoding"
)

// Keyring plaintext layout (inside the age file), built with encoding:
//
//	uint8    format version (1)
//	String8  institution (1..64 bytes)
//	uint32   current KEK version
//	List16   KEKs, versions strictly ascending:
//	           uint32 version, Bool retired, Fixed 32 key (zero when retired)
//	List16   index keys, (name, version) unique:
//	           String8 name, uint32 version, uint16 bits, Bool retired,
//	           Fixed 32 key (zero when retired)
//
// The current KEK must be present and not retired.

const kekEntrySize = 4 + 1 + keySize

func (k *Keyring) marshal() ([]byte, error) {
	e := encoding.NewEncoder(make([]byte, 0, 64+len(k.keks)*kekEntrySize+len(k.indexes)*(kekEntrySize+maxNameLen+3)))
	e.Uint8(keyringFormatV1)
	e.String8(k.institution, maxNameLen)
	e.Uint32(k.current)
	e.List16(len(k.keks), maxKeyringKEKs, func(i int, e *encoding.Encoder) {
		x := &k.keks[i]
		e.Uint32(x.version)
		e.Bool(x.retired)
		e.Fixed(x.key[:], keySize)
	})
	e.List16(len(k.indexes), maxIndexKeys, func(i int, e *encoding.Encoder) {
		x := &k.indexes[i]
		e.String8(x.Name, maxNameLen)
		e.Uint32(x.Version)
		e.Uint16(uint16(x.Bits))
		e.Bool(x.Retired)
		e.Fixed(x.key[:], keySize)
	})
	return e.Bytes()
}

func isZero(b []byte) bool {
	var acc byte
	for _, c := range b {
		acc |= c
	}
	return acc == 0
}

func parseKeyring(b []byte) (*Keyring, error) {
	d := encoding.NewDecoder(b)
	if d.Uint8("keyring.format") != keyringFormatV1 && d.Err() == nil {
		d.Fail("keyring.format", encoding.ErrInvalid)
	}
	k := &Keyring{}
	k.institution = d.String8("keyring.institution", maxNameLen)
	if d.Err() == nil && k.institution == "" {
		d.Fail("keyring.institution", encoding.ErrInvalid)
	}
	k.current = d.Uint32("keyring.current")
	n := d.Count16("keyring.keks", maxKeyringKEKs, kekEntrySize)
	k.keks = make([]kek, 0, n)
	currentOK := false
	for i := 0; i < n && d.Err() == nil; i++ {
		var x kek
		x.version = d.Uint32("keyring.kek.version")
		x.retired = d.Bool("keyring.kek.retired")
		copy(x.key[:], d.Fixed("keyring.kek.key", keySize))
		switch {
		case d.Err() != nil:
		case x.version == 0 || (i > 0 && x.version <= k.keks[i-1].version):
			d.Fail("keyring.kek.version", encoding.ErrInvalid)
		case x.retired && !isZero(x.key[:]):
			d.Fail("keyring.kek.key", encoding.ErrNonCanonical)
		}
		if x.version == k.current && !x.retired {
			currentOK = true
		}
		k.keks = append(k.keks, x)
	}
	if d.Err() == nil && !currentOK {
		d.Fail("keyring.current", encoding.ErrInvalid)
	}
	n = d.Count16("keyring.indexes", maxIndexKeys, 2+4+2+1+keySize)
	k.indexes = make([]IndexKey, 0, n)
	for i := 0; i < n && d.Err() == nil; i++ {
		var x IndexKey
		x.Name = d.String8("keyring.index.name", maxNameLen)
		x.Version = d.Uint32("keyring.index.version")
		x.Bits = int(d.Uint16("keyring.index.bits"))
		x.Retired = d.Bool("keyring.index.retired")
		copy(x.key[:], d.Fixed("keyring.index.key", keySize))
		switch {
		case d.Err() != nil:
		case x.Name == "" || x.Version == 0:
			d.Fail("keyring.index", encoding.ErrInvalid)
		case x.Bits < minTagBits || x.Bits > maxTagBits:
			d.Fail("keyring.index.bits", encoding.ErrInvalid)
		case x.Retired && !isZero(x.key[:]):
			d.Fail("keyring.index.key", encoding.ErrNonCanonical)
		}
		for _, y := range k.indexes {
			if y.Name == x.Name && y.Version == x.Version {
				d.Fail("keyring.index.version", encoding.ErrInvalid)
			}
		}
		k.indexes = append(k.indexes, x)
	}
	if err := d.Finish(); err != nil {
		return nil, err
	}
	return k, nil
}
