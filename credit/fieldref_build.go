package credit

import (
	"fmt"
	"reflect"
	"sync/atomic"
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
	plan := planFor(refs)
	l := layoutOf(plan.mask(), noText)
	return l.build(reflect.New(l.typ).UnsafePointer(), id, &plan, false)
}

// blockPlan is what a record's refs need: the elements to reserve in each
// list (at most the refs naming it, at most its largest index + 1), and
// whether they name the Identity and Spouse sections. Refs that
// SetFieldRef would reject are ignored. inOrder reports that every valid
// ref names an element of its list at most one past those named before
// it, so that SetFieldRef, in that order, appends each element once and
// ends with exactly n[l] elements in list l; allValid, that no ref was
// ignored.
type blockPlan struct {
	n        [numLists]int
	identity bool
	spouse   bool
	inOrder  bool
	allValid bool
}

func planFor(refs []FieldRef) (p blockPlan) {
	var count, maxElem [numLists]int
	p.inOrder, p.allValid = true, true
	for _, ref := range refs {
		if !ref.valid() {
			p.allValid = false
			continue
		}
		switch l := rowList[ref.Row]; l {
		case listIdentity:
			p.identity = true
		case listSpouse:
			p.spouse = true
		default:
			if ref.Elem > maxElem[l] {
				p.inOrder = false
			}
			count[l]++
			maxElem[l] = max(maxElem[l], ref.Elem+1)
		}
	}
	for l := range numLists {
		p.n[l] = min(count[l], maxElem[l])
	}
	return p
}

// mask returns the sections a block holds for p: Identity and Spouse when
// named, and each list of one element (longer lists get their own
// allocation), as bits by section ordinal.
func (p *blockPlan) mask() uint {
	var m uint
	for l, n := range p.n {
		if n == 1 {
			m |= 1 << l
		}
	}
	if p.identity {
		m |= 1 << listIdentity
	}
	if p.spouse {
		m |= 1 << listSpouse
	}
	return m
}

// build sets up the record at p, a block of layout l made for plan (its
// mask), as NewRecordFor describes. With full, a list gets its n elements
// (zero) at once instead of capacity for them; BuildRecord does that when
// plan.inOrder, since setting the fields in order would append exactly
// those elements, one write of the slice at a time.
func (l *blockLayout) build(p unsafe.Pointer, id string, plan *blockPlan, full bool) *Record {
	r := (*Record)(p)
	r.ID = id
	if plan.identity {
		r.Identity = (*Identity)(unsafe.Add(p, l.off[listIdentity]))
	}
	if plan.spouse {
		r.Spouse = (*Spouse)(unsafe.Add(p, l.off[listSpouse]))
	}
	reserveAt(&r.Phones, p, l.off[0], plan.n[0], full)
	reserveAt(&r.Residences, p, l.off[1], plan.n[1], full)
	reserveAt(&r.Employment, p, l.off[2], plan.n[2], full)
	reserveAt(&r.Contacts, p, l.off[3], plan.n[3], full)
	reserveAt(&r.Accounts, p, l.off[4], plan.n[4], full)
	reserveAt(&r.Obligors, p, l.off[5], plan.n[5], full)
	reserveAt(&r.PublicRecords, p, l.off[6], plan.n[6], full)
	reserveAt(&r.Inquiries, p, l.off[7], plan.n[7], full)
	reserveAt(&r.Annotations, p, l.off[8], plan.n[8], full)
	return r
}

// reserveAt gives *s capacity n, and length n when full: the block's one
// element at p+off when n is 1 (the layout has that section then), a new
// array when n > 1.
func reserveAt[E any](s *[]E, p unsafe.Pointer, off uintptr, n int, full bool) {
	k := 0
	if full {
		k = n
	}
	switch {
	case n == 1:
		*s = (*[1]E)(unsafe.Add(p, off))[:k:1]
	case n > 1:
		*s = make([]E, k, n)
	}
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
	plan := planFor(refs)
	l, p, buf := allocBlock(plan.mask(), len(text))
	var s string
	if buf != nil {
		copy(buf, text)
		s = unsafe.String(unsafe.SliceData(buf), len(text))
	} else {
		s = string(text)
	}
	r := l.build(p, s[:idLen], &plan, plan.inOrder)
	// With every ref valid and in order, SetFieldRef's checks hold for each
	// field already (and its lists have their length): store directly.
	direct := plan.inOrder && plan.allValid
	start := idLen
	for i, ref := range refs {
		end := ends[i]
		if end < start || end > len(s) {
			return nil, i, fmt.Errorf("credit: BuildRecord: field %d ends at %d: %w", i, end, ErrInvalidValue)
		}
		if direct {
			if err := setRow(r, ref.Row, ref.Elem, s[start:end]); err != nil {
				return nil, i, fieldErr(ref.Path(), err)
			}
		} else if err := r.SetFieldRef(ref, s[start:end]); err != nil {
			return nil, i, err
		}
		start = end
	}
	return r, -1, nil
}

// A record's block is one allocation holding the Record, the sections its
// mask names (Identity, Spouse, and one element of each list that has
// exactly one) and, where it fits, the record's text after them: the
// collector scans the block only up to its last pointer, so not the text,
// and strings made from the text keep the whole block alive. The block's
// type is built with reflect.StructOf for each mask, so that a record
// with one phone and one account does not carry the storage of the seven
// sections it lacks (the 12-field record: 608 bytes of block
// instead of 880), and the text is sized to fill one of textClasses.
type blockLayout struct {
	typ  reflect.Type
	size int                   // typ.Size()
	off  [numLists + 2]uintptr // offset of each section the mask names
	text uintptr               // offset of the text array
	cap  int                   // its length (0: no text)
}

// textClasses are the runtime's size classes a block with text is made to
// fill exactly, less the 8-byte type header of an object of more than 512
// bytes with pointers. Classes that fit 5 or fewer objects in a span (1536,
// 2048, 2688 bytes) are left out: refilling spans that often made a
// 1536-byte object cost more than a 1792-byte one (measured in commit
// 4c5fad2's message).
var textClasses = [...]int{640, 704, 768, 896, 1024, 1152, 1280, 1408, 1792, 2304, 3072}

const (
	noText       = len(textClasses) // the layout index of a block without text
	mallocHeader = 8
)

// sectionTypes is the block field of each section ordinal.
var sectionTypes = [numLists + 2]reflect.Type{
	reflect.TypeFor[[1]Phone](), reflect.TypeFor[[1]Residence](), reflect.TypeFor[[1]Employment](),
	reflect.TypeFor[[1]Contact](), reflect.TypeFor[[1]Account](), reflect.TypeFor[[1]Obligor](),
	reflect.TypeFor[[1]PublicRecord](), reflect.TypeFor[[1]Inquiry](), reflect.TypeFor[[1]Annotation](),
	reflect.TypeFor[Identity](), reflect.TypeFor[Spouse](),
}

// layouts caches each mask's layouts, by textClasses index (noText last),
// built on first use; there are at most 2048 masks.
var layouts [1 << (numLists + 2)]atomic.Pointer[[noText + 1]atomic.Pointer[blockLayout]]

func layoutOf(mask uint, class int) *blockLayout {
	byClass := layouts[mask].Load()
	if byClass == nil {
		layouts[mask].CompareAndSwap(nil, new([noText + 1]atomic.Pointer[blockLayout]))
		byClass = layouts[mask].Load()
	}
	if l := byClass[class].Load(); l != nil {
		return l
	}
	byClass[class].CompareAndSwap(nil, newLayout(mask, class)) // a racing builder's equal layout is dropped
	return byClass[class].Load()
}

func newLayout(mask uint, class int) *blockLayout {
	fields := []reflect.StructField{{Name: "R", Type: reflect.TypeFor[Record]()}}
	var secs []int // the section of each field after R
	for sec, t := range sectionTypes {
		if mask&(1<<sec) != 0 {
			fields = append(fields, reflect.StructField{Name: fmt.Sprintf("S%d", sec), Type: t})
			secs = append(secs, sec)
		}
	}
	l := &blockLayout{}
	if class < noText {
		l.cap = textClasses[class] - mallocHeader - layoutOf(mask, noText).size
		fields = append(fields, reflect.StructField{Name: "T", Type: reflect.ArrayOf(l.cap, reflect.TypeFor[byte]())})
	}
	l.typ = reflect.StructOf(fields)
	l.size = int(l.typ.Size())
	for i, sec := range secs {
		l.off[sec] = l.typ.Field(1 + i).Offset
	}
	if l.cap > 0 {
		l.text = l.typ.Field(l.typ.NumField() - 1).Offset
	}
	return l
}

// allocBlock allocates a block for mask with n bytes of text space, or
// without text when no class holds it (the caller then allocates the text
// apart), and returns its layout, its address and the text space.
func allocBlock(mask uint, n int) (*blockLayout, unsafe.Pointer, []byte) {
	l := layoutOf(mask, noText)
	if n > 0 { // no empty text array: a zero-size last field is padded
		for class, size := range textClasses {
			if l.size+n+mallocHeader <= size {
				l = layoutOf(mask, class)
				p := reflect.New(l.typ).UnsafePointer()
				return l, p, unsafe.Slice((*byte)(unsafe.Add(p, l.text)), l.cap)[:n]
			}
		}
	}
	return l, reflect.New(l.typ).UnsafePointer(), nil
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
