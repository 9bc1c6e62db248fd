package psi

import (
	"bytes"
	"context"
	"fmt"

	"github.com/credq/credq/encoding"
)

// A Delta moves an EncodedSet from one epoch to the next: entries to remove
// and entries to add. A server computes it with OPRFServer.Delta; clients
// that downloaded the set apply it with EncodedSet.Apply instead of
// downloading the whole set again.
//
// Wire layout (encoding package): magic String8 | version u16 | keyID [16]
// | tagSize u8 | labeled bool | fromEpoch u64 | removes u32, entries |
// adds u32, entries. An entry is tag [tagSize] and, if labeled, Bytes16
// record (nonce || ciphertext).
type Delta struct {
	id      [16]byte
	tagSize int
	labeled bool
	from    uint64
	remove  []setEntry
	add     []setEntry
}

type setEntry struct{ tag, rec []byte }

// From is the epoch of the set the delta applies to; the result has epoch
// From()+1.
func (d *Delta) From() uint64 { return d.from }

// Len returns the numbers of removed and added entries.
func (d *Delta) Len() (removed, added int) { return len(d.remove), len(d.add) }

// Delta computes the delta that removes the items in remove from set and
// adds the items in add (for an unlabeled set only Item is used). Removing
// an item that is not in the set is ErrDeltaMismatch; adding to a labeled
// set an item it already holds, without removing it in the same delta, is
// ErrDuplicateItem (remove and add it to change its payload). set is not
// modified.
func (s *OPRFServer) Delta(ctx context.Context, set *EncodedSet, add []LabeledItem, remove [][]byte) (*Delta, error) {
	if set.id != s.key.id {
		return nil, ErrKeyMismatch
	}
	if set.tagSize != s.cfg.TagSize {
		return nil, fmt.Errorf("%w: set tag size %d, server %d", ErrInvalidConfig, set.tagSize, s.cfg.TagSize)
	}
	d := &Delta{id: set.id, tagSize: set.tagSize, labeled: set.labeled, from: set.epoch}
	rem := make([]LabeledItem, len(remove))
	for i, it := range remove {
		rem[i].Item = it
	}
	outs, err := s.outputs(ctx, rem)
	if err != nil {
		return nil, err
	}
	removed := map[string]bool{}
	for i := range outs {
		tag, key := derive(&outs[i], set.tagSize)
		e, ok := set.find(tag, key)
		if !ok {
			return nil, fmt.Errorf("%w: removed item %d is not in the set", ErrDeltaMismatch, i)
		}
		if removed[string(remove[i])] {
			continue
		}
		removed[string(remove[i])] = true
		d.remove = append(d.remove, e)
	}
	addOuts, err := s.outputs(ctx, add)
	if err != nil {
		return nil, err
	}
	added := map[string]bool{}
	for i := range addOuts {
		it := add[i].Item
		if added[string(it)] {
			if set.labeled {
				return nil, ErrDuplicateItem
			}
			continue
		}
		added[string(it)] = true
		tag, key := derive(&addOuts[i], set.tagSize)
		if _, ok := set.find(tag, key); ok && !removed[string(it)] {
			if set.labeled {
				return nil, ErrDuplicateItem
			}
			continue // already present
		}
		e := setEntry{tag: tag}
		if set.labeled {
			e.rec = set.seal(key, tag, add[i].Payload)
		}
		d.add = append(d.add, e)
	}
	return d, nil
}

// find returns the entry of an item given its tag and payload key.
func (s *EncodedSet) find(tag []byte, key [32]byte) (setEntry, bool) {
	lo, hi := s.lookup(tag)
	for j := lo; j < hi; j++ {
		if !s.labeled {
			return setEntry{tag: tag}, true
		}
		if _, ok := s.open(key, tag, s.recs[j]); ok {
			return setEntry{tag: tag, rec: s.recs[j]}, true
		}
	}
	return setEntry{}, false
}

// Apply updates s with d, or returns ErrKeyMismatch (other key or format)
// or ErrDeltaMismatch (wrong epoch, or an entry to remove is missing) and
// leaves s unchanged.
func (s *EncodedSet) Apply(d *Delta) error {
	if d.id != s.id || d.tagSize != s.tagSize || d.labeled != s.labeled {
		return ErrKeyMismatch
	}
	if d.from != s.epoch {
		return fmt.Errorf("%w: delta from epoch %d, set at %d", ErrDeltaMismatch, d.from, s.epoch)
	}
	gone := make(map[string]int, len(d.remove))
	for _, e := range d.remove {
		gone[string(e.tag)+string(e.rec)]++
	}
	ns := &EncodedSet{tagSize: s.tagSize, labeled: s.labeled}
	for i := range s.Len() {
		k := string(s.tag(i)) + string(s.recAt(i))
		if gone[k] > 0 {
			gone[k]--
			continue
		}
		ns.tags = append(ns.tags, s.tag(i)...)
		if s.labeled {
			ns.recs = append(ns.recs, s.recs[i])
		}
	}
	for _, n := range gone {
		if n != 0 {
			return fmt.Errorf("%w: an entry to remove is not in the set", ErrDeltaMismatch)
		}
	}
	for _, e := range d.add {
		ns.tags = append(ns.tags, e.tag...)
		if s.labeled {
			ns.recs = append(ns.recs, e.rec)
		}
	}
	ns.sortEntries()
	s.tags, s.recs = ns.tags, ns.recs
	s.epoch++
	return nil
}

const deltaVersion = 1

// MarshalBinary encodes the delta.
func (d *Delta) MarshalBinary() ([]byte, error) {
	e := encoding.NewEncoder(nil)
	e.String8(deltaMagic, 64)
	e.Uint16(deltaVersion)
	e.Fixed(d.id[:], 16)
	e.Uint8(uint8(d.tagSize))
	e.Bool(d.labeled)
	e.Uint64(d.from)
	for _, list := range [][]setEntry{d.remove, d.add} {
		e.Uint32(uint32(len(list)))
		for _, en := range list {
			e.Fixed(en.tag, d.tagSize)
			if d.labeled {
				e.Bytes16(en.rec, labelOverhead+MaxPayload)
			}
		}
	}
	return e.Bytes()
}

// ParseDelta decodes a delta of at most maxEntries removals and as many
// additions (DefaultMaxItems if ≤ 0), checking counts before allocating.
func ParseDelta(b []byte, maxEntries int) (*Delta, error) {
	if maxEntries <= 0 {
		maxEntries = DefaultMaxItems
	}
	var dec encoding.Decoder
	dec.Reset(b)
	if dec.String8("delta.magic", 64) != deltaMagic && dec.Err() == nil {
		dec.Fail("delta.magic", encoding.ErrInvalid)
	}
	if v := dec.Uint16("delta.version"); v != deltaVersion && dec.Err() == nil {
		return nil, fmt.Errorf("%w: delta version %d, want %d", ErrVersionMismatch, v, deltaVersion)
	}
	d := &Delta{}
	copy(d.id[:], dec.Fixed("delta.keyID", 16))
	d.tagSize = int(dec.Uint8("delta.tagSize"))
	if (d.tagSize < MinSetTagSize || d.tagSize > MaxSetTagSize) && dec.Err() == nil {
		dec.Fail("delta.tagSize", encoding.ErrInvalid)
	}
	d.labeled = dec.Bool("delta.labeled")
	d.from = dec.Uint64("delta.from")
	minEntry := d.tagSize
	if d.labeled {
		minEntry += 2 + labelOverhead
	}
	for _, list := range []*[]setEntry{&d.remove, &d.add} {
		n := dec.Uint32("delta.count")
		if dec.Err() != nil {
			break
		}
		if n > uint32(maxEntries) {
			dec.Fail("delta.count", encoding.ErrTooLarge)
			break
		}
		if uint64(n)*uint64(max(minEntry, 1)) > uint64(dec.Remaining()) {
			dec.Fail("delta.count", encoding.ErrTruncated)
			break
		}
		*list = make([]setEntry, 0, n)
		for range n {
			en := setEntry{tag: bytes.Clone(dec.Fixed("delta.tag", d.tagSize))}
			if d.labeled {
				en.rec = bytes.Clone(dec.Bytes16("delta.record", labelOverhead+MaxPayload))
				if len(en.rec) < labelOverhead && dec.Err() == nil {
					dec.Fail("delta.record", encoding.ErrInvalid)
				}
			}
			*list = append(*list, en)
		}
	}
	if err := dec.Finish(); err != nil {
		return nil, fmt.Errorf("psi: delta: %w", err)
	}
	return d, nil
}
