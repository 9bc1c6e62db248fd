package credit

import (
	"fmt"
	"unsafe"
)

// NewRecordFor returns an empty record with ID id whose sections are
// allocated for the fields refs will fill with [Record.SetFieldRef]: the
// Identity and Spouse sections that refs name, and every list with capacity
// for its elements, so that filling the record does not grow a slice. The
// record, its singleton sections and every list of one element share one
// allocation (a record decoded from storage typically has one phone, one
// address, one employer); longer lists get their own, of the exact size.
//
// Sections are reserved, not filled: until SetFieldRef sets a field, a
// reserved list is empty (not nil) and a reserved singleton is its zero
// value. Refs that SetFieldRef would reject are ignored here, and a list's
// capacity is bounded by the number of refs naming it, so hostile refs
// cannot make it allocate more than len(refs) elements.
func NewRecordFor(id string, refs []FieldRef) *Record {
	b := new(recordBlock)
	b.reserve(id, refs)
	return &b.rec
}

// reserve sets up b.rec as NewRecordFor describes, with sections of one
// element in b.
func (b *recordBlock) reserve(id string, refs []FieldRef) {
	var count, maxElem [numLists]int
	var identity, spouse bool
	for _, ref := range refs {
		if !ref.valid() {
			continue
		}
		switch l := rowList[ref.Row]; l {
		case listIdentity:
			identity = true
		case listSpouse:
			spouse = true
		default:
			count[l]++
			maxElem[l] = max(maxElem[l], ref.Elem+1)
		}
	}
	r := &b.rec
	r.ID = id
	if identity {
		r.Identity = &b.identity
	}
	if spouse {
		r.Spouse = &b.spouse
	}
	n := func(l int) int { return min(count[l], maxElem[l]) }
	reserve(&r.Phones, &b.phone, n(0))
	reserve(&r.Residences, &b.residence, n(1))
	reserve(&r.Employment, &b.employment, n(2))
	reserve(&r.Contacts, &b.contact, n(3))
	reserve(&r.Accounts, &b.account, n(4))
	reserve(&r.Obligors, &b.obligor, n(5))
	reserve(&r.PublicRecords, &b.publicRecord, n(6))
	reserve(&r.Inquiries, &b.inquiry, n(7))
	reserve(&r.Annotations, &b.annotation, n(8))
}

// BuildRecord is [NewRecordFor] followed by [Record.SetFieldRef] for every
// field, for decoders that hold a record's texts back to back in one
// buffer: text[:idLen] is the record ID and field i's text runs from
// ends[i-1] (idLen for i = 0) to ends[i]. The texts are copied once; the
// record's strings share that copy, which is allocated together with the
// record and its sections when it is at most about 2 KiB.
//
// If a field cannot be set, BuildRecord returns the index of the first
// such field and SetFieldRef's error for it (an invalid ref, such as a
// Row of -1 for a path that did not resolve, wraps [ErrUnknownField]).
func BuildRecord(text []byte, idLen int, refs []FieldRef, ends []int) (*Record, int, error) {
	if idLen < 0 || idLen > len(text) || len(ends) != len(refs) {
		return nil, -1, fmt.Errorf("credit: BuildRecord: %d ends for %d refs, ID length %d of %d bytes: %w",
			len(ends), len(refs), idLen, len(text), ErrInvalidValue)
	}
	b, buf := allocBlock(len(text))
	var s string
	if buf != nil {
		copy(buf, text)
		s = unsafe.String(unsafe.SliceData(buf), len(text))
	} else {
		s = string(text)
	}
	b.reserve(s[:idLen], refs)
	r := &b.rec
	start := idLen
	for i, ref := range refs {
		end := ends[i]
		if end < start || end > len(s) {
			return nil, i, fmt.Errorf("credit: BuildRecord: field %d ends at %d: %w", i, end, ErrInvalidValue)
		}
		if err := r.SetFieldRef(ref, s[start:end]); err != nil {
			return nil, i, err
		}
		start = end
	}
	return r, -1, nil
}

// allocBlock returns a recordBlock and, when n ≤ 2184, n bytes of text
// space in the same allocation (nil otherwise). The text follows the
// block's last pointer, so the garbage collector does not scan it; strings
// made from it keep the whole allocation alive. Opening a sealed record
// allocates the record and its text; one allocation instead of two was
// about 6% of the vault's Open.
//
// Each step fills one of the runtime's size classes exactly, less the
// 8-byte type header that an object of more than 512 bytes with pointers
// carries, so the text space is not rounded up twice (to a coarser step,
// then to the size class). The classes of 1536, 2048 and 2688 bytes are
// skipped: the runtime fits only 5, 4 and 3 of them in a span, and
// refilling spans that often made a 1536-byte object cost more than a
// 1792-byte one (TestAllocBlockFillsSizeClass; the measurements are in
// its commit message).
func allocBlock(n int) (*recordBlock, []byte) {
	switch {
	case n <= textStep1024:
		return blockWithText[[textStep1024]byte](n)
	case n <= textStep1152:
		return blockWithText[[textStep1152]byte](n)
	case n <= textStep1280:
		return blockWithText[[textStep1280]byte](n)
	case n <= textStep1408:
		return blockWithText[[textStep1408]byte](n)
	case n <= textStep1792:
		return blockWithText[[textStep1792]byte](n)
	case n <= textStep2304:
		return blockWithText[[textStep2304]byte](n)
	case n <= textStep3072:
		return blockWithText[[textStep3072]byte](n)
	}
	return new(recordBlock), nil
}

// The text space that makes a block with text fill a size class; see
// allocBlock. A recordBlock that outgrows the smallest step fails to
// compile (a negative array length).
const (
	blockAndHeader = int(unsafe.Sizeof(recordBlock{})) + 8
	textStep1024   = 1024 - blockAndHeader
	textStep1152   = 1152 - blockAndHeader
	textStep1280   = 1280 - blockAndHeader
	textStep1408   = 1408 - blockAndHeader
	textStep1792   = 1792 - blockAndHeader
	textStep2304   = 2304 - blockAndHeader
	textStep3072   = 3072 - blockAndHeader
)

// blockWithText allocates a recordBlock followed by a byte array T of at
// least n bytes and returns the block and the first n bytes of the array.
func blockWithText[T any](n int) (*recordBlock, []byte) {
	b := new(struct {
		recordBlock
		text T
	})
	return &b.recordBlock, unsafe.Slice((*byte)(unsafe.Pointer(&b.text)), n)
}

// recordBlock is the single allocation behind NewRecordFor.
type recordBlock struct {
	rec          Record
	identity     Identity
	spouse       Spouse
	phone        [1]Phone
	residence    [1]Residence
	employment   [1]Employment
	contact      [1]Contact
	account      [1]Account
	obligor      [1]Obligor
	publicRecord [1]PublicRecord
	inquiry      [1]Inquiry
	annotation   [1]Annotation
}

func reserve[E any](s *[]E, one *[1]E, n int) {
	switch {
	case n == 1:
		*s = one[:0:1]
	case n > 1:
		*s = make([]E, 0, n)
	}
}

// List ordinals for NewRecordFor, in the order of the Record's lists, and
// two for the singleton sections.
const (
	numLists     = 9
	listIdentity = numLists
	listSpouse   = numLists + 1
)

// rowList maps a schema row to its list ordinal (or listIdentity,
// listSpouse).
var rowList = func() []int {
	names := map[string]int{"phones": 0, "residences": 1, "employment": 2, "contacts": 3, "accounts": 4,
		"obligors": 5, "publicRecords": 6, "inquiries": 7, "annotations": 8}
	m := make([]int, len(schema))
	for k := range schema {
		f := &schema[k]
		switch {
		case f.list != "":
			l, ok := names[f.list]
			if !ok {
				panic("credit: schema list without an ordinal: " + f.list) // init-time table check
			}
			m[k] = l
		case len(f.Path) > len("spouse.") && f.Path[:len("spouse.")] == "spouse.":
			m[k] = listSpouse
		default:
			m[k] = listIdentity
		}
	}
	return m
}()

// listLenOrd is listLen by list ordinal (a switch on an int, not on the
// list's name).
func listLenOrd(r *Record, l int) int {
	switch l {
	case 0:
		return len(r.Phones)
	case 1:
		return len(r.Residences)
	case 2:
		return len(r.Employment)
	case 3:
		return len(r.Contacts)
	case 4:
		return len(r.Accounts)
	case 5:
		return len(r.Obligors)
	case 6:
		return len(r.PublicRecords)
	case 7:
		return len(r.Inquiries)
	case 8:
		return len(r.Annotations)
	}
	return 0
}
