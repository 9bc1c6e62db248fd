package psi

import (
	"bufio"
	"bytes"
	"crypto/sha512"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"

	"golang.org/x/crypto/chacha20poly1305"

	"github.com/credq/credq/encoding"
)

// Encoded-set parameters.
const (
	// DefaultSetTagSize is the tag length of an encoded set when
	// OPRFConfig.TagSize is 0: 8 bytes per item. A client item that is not
	// in the set matches a tag by chance with probability at most
	// N/2^(8·TagSize) for N server items: 5.4·10⁻¹⁴ for N = 10⁶ at 8 bytes,
	// so a 10⁴-item query sees a false positive with probability ≤ 5.4·10⁻¹⁰.
	// In labeled sets a false tag match is further caught by the AEAD.
	DefaultSetTagSize = 8
	// MinSetTagSize and MaxSetTagSize bound OPRFConfig.TagSize.
	MinSetTagSize = 8
	MaxSetTagSize = 32
	// MaxPayload is the largest label payload of a labeled set.
	MaxPayload = 4096
	// encodedSetVersion is the version of the file format below.
	encodedSetVersion = 1
	setMagic          = "credq-psi-oprf-set"
	deltaMagic        = "credq-psi-oprf-delta"
	maxSetHeader      = 512
	labelNonce        = chacha20poly1305.NonceSize
	labelOverhead     = labelNonce + chacha20poly1305.Overhead
)

// Encoded-set errors.
var (
	// ErrKeyMismatch means an encoded set, delta or server was made with a
	// different OPRF key or mode than the one it is used with.
	ErrKeyMismatch = errors.New("psi: OPRF key differs from the encoded set's")
	// ErrDeltaMismatch means a delta does not apply to this set (wrong epoch,
	// removing an entry that is not there).
	ErrDeltaMismatch = errors.New("psi: delta does not apply to this encoded set")
	// ErrDuplicateItem means a labeled set was given the same item twice.
	ErrDuplicateItem = errors.New("psi: duplicate item in labeled set")
)

// An EncodedSet is the server's precomputed, exportable set for unbalanced
// OPRF-PSI: for each server item y, a tag derived from the OPRF output
// F(skS, y), and in a labeled set the item's payload encrypted under a key
// derived from the same output. Only someone who can evaluate F on y — the
// key holder, or a client through the online protocol for items it holds —
// can recognize a tag or open a payload. Entries are sorted, so the
// encoding is canonical and independent of the server's input order.
//
// File layout (version 1): u16 header length, header, entries. Header
// (encoding package): magic String8 | version u16 | suite String8 | mode u8
// | kind String8 | pkS [32] | tagSize u8 | labeled bool | epoch u64 | count
// u64. Entry: tag [tagSize], and if labeled, u16 length || nonce [12] ||
// ChaCha20-Poly1305 ciphertext. Entries ascend by (tag, record).
type EncodedSet struct {
	mode    OPRFMode
	kind    string
	pub     []byte
	id      [16]byte
	tagSize int
	labeled bool
	epoch   uint64
	tags    []byte   // count·tagSize, sorted
	recs    [][]byte // labeled only: nonce || ciphertext per entry
}

// Len is the number of entries.
func (s *EncodedSet) Len() int { return len(s.tags) / s.tagSize }

// Epoch counts the deltas applied since the set was built.
func (s *EncodedSet) Epoch() uint64 { return s.epoch }

// Labeled reports whether entries carry payloads.
func (s *EncodedSet) Labeled() bool { return s.labeled }

// KeyID identifies the OPRF key the set was built with.
func (s *EncodedSet) KeyID() [16]byte { return s.id }

// BytesPerItem is the average encoded size of one entry.
func (s *EncodedSet) BytesPerItem() float64 {
	n := s.Len()
	if n == 0 {
		return float64(s.tagSize)
	}
	total := len(s.tags)
	for _, r := range s.recs {
		total += 2 + len(r)
	}
	return float64(total) / float64(n)
}

func (s *EncodedSet) tag(i int) []byte { return s.tags[i*s.tagSize : (i+1)*s.tagSize] }

// lookup returns the range of entries whose tag equals t.
func (s *EncodedSet) lookup(t []byte) (lo, hi int) {
	n := s.Len()
	lo = sort.Search(n, func(i int) bool { return bytes.Compare(s.tag(i), t) >= 0 })
	hi = lo
	for hi < n && bytes.Equal(s.tag(hi), t) {
		hi++
	}
	return lo, hi
}

// derive splits an OPRF output into the entry tag and the payload key
// (domain-separated SHA-512, first tagSize bytes and last 32 bytes).
func derive(out *[64]byte, tagSize int) (tag []byte, key [32]byte) {
	h := sha512.New()
	h.Write([]byte("credq-psi-v1 oprf entry"))
	h.Write(out[:])
	var d [64]byte
	h.Sum(d[:0])
	copy(key[:], d[32:])
	return append([]byte(nil), d[:tagSize]...), key
}

// labelAAD binds a payload to the set's key and the entry tag.
func (s *EncodedSet) labelAAD(tag []byte) []byte {
	return append(append([]byte("credq-psi-v1 label"), s.id[:]...), tag...)
}

// open decrypts record rec of an entry with key k.
func (s *EncodedSet) open(k [32]byte, tag, rec []byte) ([]byte, bool) {
	if len(rec) < labelOverhead {
		return nil, false
	}
	a, _ := chacha20poly1305.New(k[:])
	pt, err := a.Open(nil, rec[:labelNonce], rec[labelNonce:], s.labelAAD(tag))
	return pt, err == nil
}

func (s *EncodedSet) header(count int) ([]byte, error) {
	e := encoding.NewEncoder(nil)
	e.String8(setMagic, 64)
	e.Uint16(encodedSetVersion)
	e.String8(suiteIdentifier, 64)
	e.Uint8(uint8(s.mode))
	e.String8(s.kind, MaxIdentifierKind)
	e.Fixed(s.pub, 32)
	e.Uint8(uint8(s.tagSize))
	e.Bool(s.labeled)
	e.Uint64(s.epoch)
	e.Uint64(uint64(count))
	return e.Bytes()
}

// WriteTo writes the set in its file format.
func (s *EncodedSet) WriteTo(w io.Writer) (int64, error) {
	hdr, err := s.header(s.Len())
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var n int64
	var l [2]byte
	binary.BigEndian.PutUint16(l[:], uint16(len(hdr)))
	bw.Write(l[:])
	bw.Write(hdr)
	n += int64(2 + len(hdr))
	for i := range s.Len() {
		bw.Write(s.tag(i))
		n += int64(s.tagSize)
		if s.labeled {
			binary.BigEndian.PutUint16(l[:], uint16(len(s.recs[i])))
			bw.Write(l[:])
			bw.Write(s.recs[i])
			n += int64(2 + len(s.recs[i]))
		}
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("psi: writing encoded set: %w", err)
	}
	return n, nil
}

// MarshalBinary returns the file format of the set.
func (s *EncodedSet) MarshalBinary() ([]byte, error) {
	var b bytes.Buffer
	_, err := s.WriteTo(&b)
	return b.Bytes(), err
}

// ParseEncodedSet parses a set from b (see ReadEncodedSet); b must hold
// exactly one set.
func ParseEncodedSet(b []byte, maxItems int) (*EncodedSet, error) {
	r := bytes.NewReader(b)
	br := bufio.NewReaderSize(r, 64<<10)
	s, err := readEncodedSet(br, maxItems)
	if err != nil {
		return nil, err
	}
	if rest := br.Buffered() + r.Len(); rest != 0 {
		return nil, fmt.Errorf("psi: encoded set: %w", &encoding.ParseError{What: "end of input", Offset: len(b) - rest, Err: encoding.ErrTrailingData})
	}
	return s, nil
}

// ReadEncodedSet reads a set written by WriteTo, accepting at most maxItems
// entries (DefaultMaxItems if ≤ 0); the count is checked before anything is
// allocated for the entries, and entries are read as they arrive. It rejects
// unknown versions, wrong suites, unsorted or duplicate entries and
// malformed records.
func ReadEncodedSet(r io.Reader, maxItems int) (*EncodedSet, error) {
	return readEncodedSet(bufio.NewReaderSize(r, 64<<10), maxItems)
}

func readEncodedSet(br *bufio.Reader, maxItems int) (*EncodedSet, error) {
	if maxItems <= 0 {
		maxItems = DefaultMaxItems
	}
	perr := func(what string, off int, err error) error {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			err = encoding.ErrTruncated
		} else if _, ok := err.(*encoding.ParseError); !ok && !errors.Is(err, encoding.ErrInvalid) && !errors.Is(err, encoding.ErrNonCanonical) && !errors.Is(err, encoding.ErrTooLarge) {
			return fmt.Errorf("psi: reading encoded set: %w", err)
		}
		return fmt.Errorf("psi: encoded set: %w", &encoding.ParseError{What: what, Offset: off, Err: err})
	}
	var l [2]byte
	if _, err := io.ReadFull(br, l[:]); err != nil {
		return nil, perr("header length", 0, err)
	}
	hl := int(binary.BigEndian.Uint16(l[:]))
	if hl > maxSetHeader {
		return nil, perr("header length", 0, encoding.ErrTooLarge)
	}
	hdr := make([]byte, hl)
	if _, err := io.ReadFull(br, hdr); err != nil {
		return nil, perr("header", 2, err)
	}
	var d encoding.Decoder
	d.Reset(hdr)
	if d.String8("set.magic", 64) != setMagic && d.Err() == nil {
		d.Fail("set.magic", encoding.ErrInvalid)
	}
	if v := d.Uint16("set.version"); v != encodedSetVersion && d.Err() == nil {
		return nil, fmt.Errorf("%w: encoded set version %d, want %d", ErrVersionMismatch, v, encodedSetVersion)
	}
	if d.String8("set.suite", 64) != suiteIdentifier && d.Err() == nil {
		d.Fail("set.suite", encoding.ErrInvalid)
	}
	s := &EncodedSet{}
	s.mode = OPRFMode(d.Uint8("set.mode"))
	if s.mode > OPRFVerifiable && d.Err() == nil {
		d.Fail("set.mode", encoding.ErrInvalid)
	}
	s.kind = d.String8("set.kind", MaxIdentifierKind)
	s.pub = append([]byte(nil), d.Fixed("set.pkS", 32)...)
	s.tagSize = int(d.Uint8("set.tagSize"))
	if (s.tagSize < MinSetTagSize || s.tagSize > MaxSetTagSize) && d.Err() == nil {
		d.Fail("set.tagSize", encoding.ErrInvalid)
	}
	s.labeled = d.Bool("set.labeled")
	s.epoch = d.Uint64("set.epoch")
	count := d.Uint64("set.count")
	if count > uint64(maxItems) && d.Err() == nil {
		d.Fail("set.count", encoding.ErrTooLarge)
	}
	if err := d.Finish(); err != nil {
		return nil, fmt.Errorf("psi: encoded set: %w", err)
	}
	if _, err := decodePub(s.pub); err != nil {
		return nil, perr("set.pkS", 2, encoding.ErrInvalid)
	}
	s.id = keyID(s.mode, s.pub)
	// Allocation grows with the data actually read (a header may lie).
	off := 2 + hl
	tag := make([]byte, s.tagSize)
	for i := uint64(0); i < count; i++ {
		if _, err := io.ReadFull(br, tag); err != nil {
			return nil, perr("entry.tag", off, err)
		}
		var rec []byte
		if s.labeled {
			if _, err := io.ReadFull(br, l[:]); err != nil {
				return nil, perr("entry.length", off+s.tagSize, err)
			}
			rl := int(binary.BigEndian.Uint16(l[:]))
			if rl < labelOverhead || rl > labelOverhead+MaxPayload {
				return nil, perr("entry.length", off+s.tagSize, encoding.ErrInvalid)
			}
			rec = make([]byte, rl)
			if _, err := io.ReadFull(br, rec); err != nil {
				return nil, perr("entry.record", off+s.tagSize+2, err)
			}
		}
		if i > 0 && compareEntry(s.tag(int(i-1)), s.recAt(int(i-1)), tag, rec) >= 0 {
			return nil, perr("entry", off, encoding.ErrNonCanonical)
		}
		s.tags = append(s.tags, tag...)
		if s.labeled {
			s.recs = append(s.recs, rec)
			off += 2 + len(rec)
		}
		off += s.tagSize
	}
	return s, nil
}

func (s *EncodedSet) recAt(i int) []byte {
	if s.labeled {
		return s.recs[i]
	}
	return nil
}

func compareEntry(t1, r1, t2, r2 []byte) int {
	if c := bytes.Compare(t1, t2); c != 0 {
		return c
	}
	return bytes.Compare(r1, r2)
}

// sortEntries orders tags (and records) canonically and drops exact
// duplicate entries.
func (s *EncodedSet) sortEntries() {
	n := s.Len()
	idx := make([]int32, n)
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(a, b int32) int {
		return compareEntry(s.tag(int(a)), s.recAt(int(a)), s.tag(int(b)), s.recAt(int(b)))
	})
	tags := make([]byte, 0, len(s.tags))
	var recs [][]byte
	for k, i := range idx {
		if k > 0 && compareEntry(s.tag(int(idx[k-1])), s.recAt(int(idx[k-1])), s.tag(int(i)), s.recAt(int(i))) == 0 {
			continue
		}
		tags = append(tags, s.tag(int(i))...)
		if s.labeled {
			recs = append(recs, s.recs[i])
		}
	}
	s.tags, s.recs = tags, recs
}
