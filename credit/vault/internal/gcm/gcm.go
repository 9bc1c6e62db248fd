// Package gcm is AES-256-GCM (12-byte nonces, 16-byte tags) whose key can be
// set in place, for the vault's per-record data keys.
//
// The vault opens every record under a fresh data key. With crypto/cipher
// that costs two heap objects per record (an aes.Block and the GCM holding
// a copy of it, about 1.3 KB together), because a cipher.AEAD cannot be
// re-keyed: on a 12-field record the key setup and its garbage were a sixth
// of Open. An [AEAD] here is a plain value that lives in a reused
// workspace; [AEAD.SetKey] expands the key into it.
//
// On amd64 with AES-NI, PCLMULQDQ, SSE4.1 and SSSE3 the work is done by the
// Go standard library's own assembly (its AES key expansion, block
// encryption and GCM bulk routines, copied into this package's .s files with
// one instruction changed so that a hash can start from a saved state; see
// [AEAD.Prefix]), called as crypto/internal/fips140/aes/gcm calls it for a
// 12-byte nonce. Elsewhere, and under the purego build tag, SetKey builds
// a crypto/cipher AEAD and the methods call it. The tests check both paths
// against crypto/cipher byte for byte and against NIST's AES-256-GCM test
// vectors.
package gcm

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/binary"
	"errors"
	"math/bits"
	"unsafe"
)

// Sizes.
const (
	KeySize   = 32
	NonceSize = 12
	TagSize   = 16
)

// ErrOpen is returned by [AEAD.Open] when the ciphertext does not
// authenticate.
var ErrOpen = errors.New("gcm: message authentication failed")

// AEAD is an AES-256-GCM key. The zero value has no key: call SetKey before
// Seal or Open. An AEAD must not be copied after SetKey (it may hold
// crypto/cipher state on the fallback path, which a copy would share).
type AEAD struct {
	// std, the one pointer, comes first: the garbage collector scans an
	// object only up to its last pointer word, so an AEAD costs it 16
	// bytes instead of 520 (the vault caches thousands of subject keys).
	std cipher.AEAD // the fallback path

	fast bool // the assembly path: ks and productTable are set

	// AES-256's 15 round keys.
	enc [60]uint32
	// productTable holds the powers of the hash key H that the assembly
	// uses (the layout is the standard library's).
	productTable [256]byte
}

// SetKey replaces the key. key must be KeySize bytes.
func (g *AEAD) SetKey(key []byte) error {
	if len(key) != KeySize {
		return errors.New("gcm: key must be 32 bytes")
	}
	if useAsm {
		g.std = nil
		g.fast = true
		var dec [60]uint32 // the decryption schedule the expansion also writes; unused
		expandKeyAsm(14, &key[0], &g.enc[0], &dec[0])
		clear(dec[:])
		gcmAesInit(&g.productTable, g.enc[:])
		return nil
	}
	g.fast = false
	b, err := aes.NewCipher(key)
	if err != nil {
		return err
	}
	g.std, err = cipher.NewGCM(b)
	return err
}

// Wipe clears the key material; SetKey must be called again before use.
func (g *AEAD) Wipe() {
	clear(g.enc[:])
	clear(g.productTable[:])
	g.fast, g.std = false, nil
}

// Seal appends the encryption of plaintext with its tag to dst and returns
// the result, like cipher.AEAD.Seal. Apart from dst's spare capacity being
// the output, plaintext must not overlap the output; ad may overlap
// anything.
func (g *AEAD) Seal(dst []byte, nonce *[NonceSize]byte, plaintext, ad []byte) []byte {
	if !g.fast {
		if g.std == nil {
			panic("gcm: Seal before SetKey")
		}
		return g.std.Seal(dst, nonce[:], plaintext, ad)
	}
	ret, out := sliceForAppend(dst, len(plaintext)+TagSize)
	if inexactOverlap(out, plaintext) {
		panic("gcm: invalid buffer overlap")
	}
	var counter, tagMask, tag [16]byte
	copy(counter[:], nonce[:])
	counter[15] = 1
	encryptBlockAsm(14, &g.enc[0], &tagMask[0], &counter[0])
	gcmAesData(&g.productTable, ad, &tag)
	if len(plaintext) > 0 {
		gcmAesEnc(&g.productTable, out, plaintext, &counter, &tag, g.enc[:])
	}
	gcmAesFinish(&g.productTable, &tagMask, &tag, uint64(len(plaintext)), uint64(len(ad)))
	copy(out[len(plaintext):], tag[:])
	return ret
}

// Prefix is the GHASH state of an AEAD after the whole 16-byte blocks at the
// start of an associated data, so that several messages whose associated
// data share those bytes (the vault's fields: one record's header, then
// each field's path) hash them once. See [AEAD.Prefix].
type Prefix struct {
	n     int // bytes hashed: a multiple of 16
	state [16]byte
}

// Len returns how many leading bytes of the associated data p covers.
func (p *Prefix) Len() int { return p.n }

// Prefix hashes the whole 16-byte blocks at the start of ad under g's key
// (len(ad) rounded down to a multiple of 16 bytes) for [AEAD.OpenPrefix].
// On the fallback path it records nothing and the methods hash ad whole.
func (g *AEAD) Prefix(ad []byte) Prefix {
	var p Prefix
	if !g.fast {
		return p
	}
	p.n = len(ad) &^ 15
	if p.n > 0 {
		gcmAesData(&g.productTable, ad[:p.n], &p.state)
	}
	return p
}

// Open authenticates and decrypts ciphertext (which ends in its tag) and
// appends the plaintext to dst, like cipher.AEAD.Open. On failure it
// returns ErrOpen and the bytes it wrote past len(dst) are cleared.
// Apart from dst's spare capacity being the output, ciphertext must not
// overlap the output.
func (g *AEAD) Open(dst []byte, nonce *[NonceSize]byte, ciphertext, ad []byte) ([]byte, error) {
	return g.OpenPrefix(dst, nonce, ciphertext, ad, &Prefix{})
}

// OpenPrefix is [AEAD.Open] with the hash of ad's first p.Len() bytes taken
// from p, which [AEAD.Prefix] made under the same key from bytes equal to
// them; only the rest of ad is hashed. The result is Open's for the whole
// ad; a p from other bytes or another key makes it fail, as a wrong ad
// does.
func (g *AEAD) OpenPrefix(dst []byte, nonce *[NonceSize]byte, ciphertext, ad []byte, p *Prefix) ([]byte, error) {
	if !g.fast {
		if g.std == nil {
			panic("gcm: Open before SetKey")
		}
		r, err := g.std.Open(dst, nonce[:], ciphertext, ad)
		if err != nil {
			return nil, ErrOpen
		}
		return r, nil
	}
	if len(ciphertext) < TagSize {
		return nil, ErrOpen
	}
	tag := ciphertext[len(ciphertext)-TagSize:]
	ciphertext = ciphertext[:len(ciphertext)-TagSize]
	ret, out := sliceForAppend(dst, len(ciphertext))
	if inexactOverlap(out, ciphertext) {
		panic("gcm: invalid buffer overlap")
	}
	if p.n > len(ad) {
		return nil, ErrOpen
	}
	if ok, done := g.openShort(out, ciphertext, tag, nonce, ad[p.n:], len(ad), &p.state); done {
		if !ok {
			return nil, ErrOpen
		}
		return ret, nil
	}
	var counter, tagMask [16]byte
	copy(counter[:], nonce[:])
	counter[15] = 1
	encryptBlockAsm(14, &g.enc[0], &tagMask[0], &counter[0])
	expected := p.state
	gcmAesData(&g.productTable, ad[p.n:], &expected)
	if len(ciphertext) > 0 {
		gcmAesDec(&g.productTable, out, ciphertext, &counter, &expected, g.enc[:])
	}
	gcmAesFinish(&g.productTable, &tagMask, &expected, uint64(len(ciphertext)), uint64(len(ad)))
	if !TagEqual(&expected, tag) {
		clear(out)
		return nil, ErrOpen
	}
	return ret, nil
}

// shortBlocks bounds the messages openShort takes: the rest of the
// associated data, the ciphertext and the length block in at most two
// octets of blocks. It also leaves ciphertexts of one or two blocks to
// the single-block path, which was as fast for them.
const shortBlocks = 16

// openShort is OpenPrefix's work for a message of at most shortBlocks
// blocks after the saved hash state: a 50-byte field after a 60-byte
// record prefix is six. On that path gcmAesDec's single-block loop runs
// one AES block at a time, waiting out each block's 14 rounds (and
// encryptBlockAsm a 15th for the tag mask) while the CPU could run eight
// side by side, and hashes one block at a time with a reduction for each;
// here everything goes through its eight-block loop instead.
//
// The blocks are laid out at the end of one or two octets: zero blocks,
// the rest of the associated data (zero-padded), the ciphertext
// (zero-padded) and the length block, so that the loop's GHASH over its
// input is the message's. The saved state, which the loop would multiply
// by H^8, is XORed instead into the first non-zero block (in its byte
// order), where it gets the right power of H; the zero blocks before it
// add nothing. The counter is started so that the first ciphertext block
// gets J0+1; the block before it (an associated-data block, since the
// vault's always has one) gets J0, so its output XOR its input is the tag
// mask E(J0). Decryptions of the other blocks are discarded.
//
// done is false, and nothing was done, when the message does not fit or
// has no associated data after the saved state. Otherwise ok reports
// whether the tag matched; only then is the plaintext written to out
// (len(ct) bytes). The stack copy of the plaintext is cleared either way.
func (g *AEAD) openShort(out, ct, tag []byte, nonce *[NonceSize]byte, adRest []byte, adLen int, state *[16]byte) (ok, done bool) {
	a, m := (len(adRest)+15)/16, (len(ct)+15)/16
	t := a + m + 1
	if m < 3 || a == 0 || t > shortBlocks {
		return false, false
	}
	var buf [shortBlocks * 16]byte // decrypted in place
	n := 128
	if t > 8 {
		n = 256
	}
	first := n - 16*t // the first non-zero block
	c0 := first + 16*a
	copy(buf[first:], adRest)
	copy(buf[c0:], ct)
	lenAt := c0 + 16*m
	binary.BigEndian.PutUint64(buf[lenAt:], uint64(adLen)*8)
	binary.BigEndian.PutUint64(buf[lenAt+8:], uint64(len(ct))*8)
	// The state's bytes reversed (the assembly's byte order) into the
	// first block.
	le := binary.LittleEndian
	le.PutUint64(buf[first:], le.Uint64(buf[first:])^bits.ReverseBytes64(le.Uint64(state[8:])))
	le.PutUint64(buf[first+8:], le.Uint64(buf[first+8:])^bits.ReverseBytes64(le.Uint64(state[:8])))
	maskIn0, maskIn1 := le.Uint64(buf[c0-16:]), le.Uint64(buf[c0-8:])
	var ctr, acc [16]byte
	copy(ctr[:], nonce[:])
	binary.BigEndian.PutUint32(ctr[12:], uint32(1-c0/16))
	gcmAesDec(&g.productTable, buf[:n], buf[:n], &ctr, &acc, g.enc[:])
	// The expected tag is the hash, bytes reversed back, XOR E(J0).
	var expected [TagSize]byte
	le.PutUint64(expected[:], bits.ReverseBytes64(le.Uint64(acc[8:]))^le.Uint64(buf[c0-16:])^maskIn0)
	le.PutUint64(expected[8:], bits.ReverseBytes64(le.Uint64(acc[:8]))^le.Uint64(buf[c0-8:])^maskIn1)
	ok = TagEqual(&expected, tag)
	if ok {
		copy(out, buf[c0:c0+len(ct)])
	}
	clear(buf[:n])
	return ok, true
}

// TagEqual reports whether tag is the 16 bytes of want, in constant time:
// two 64-bit XORs ORed together and one comparison, where
// subtle.ConstantTimeCompare's byte loop was 2% of the vault's Open.
func TagEqual(want *[TagSize]byte, tag []byte) bool {
	if len(tag) != TagSize {
		return false
	}
	le := binary.LittleEndian
	d := (le.Uint64(want[:8]) ^ le.Uint64(tag[:8])) | (le.Uint64(want[8:]) ^ le.Uint64(tag[8:]))
	return d == 0
}

// sliceForAppend extends in by n bytes, reallocating if needed, and returns
// the whole slice and the n new bytes.
func sliceForAppend(in []byte, n int) (head, tail []byte) {
	if total := len(in) + n; cap(in) >= total {
		head = in[:total]
	} else {
		head = make([]byte, total)
		copy(head, in)
	}
	tail = head[len(in):]
	return
}

// inexactOverlap reports whether x and y share memory at different
// offsets; an exact overlap (same first byte) is allowed, as in
// crypto/cipher.
func inexactOverlap(x, y []byte) bool {
	if len(x) == 0 || len(y) == 0 || &x[0] == &y[0] {
		return false
	}
	xs, ys := uintptr(unsafe.Pointer(&x[0])), uintptr(unsafe.Pointer(&y[0]))
	return xs <= ys+uintptr(len(y)-1) && ys <= xs+uintptr(len(x)-1)
}
