package credit

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
	b := new(recordBlock)
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
	return r
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
