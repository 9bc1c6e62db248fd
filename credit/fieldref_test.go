package credit

import (
	"crypto/sha256"
	"errors"
	"math/rand/v2"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/google/go-cmp/cmp"
)

// WalkRefs visits exactly Walk's fields, and FieldRef converts to and from
// Walk's concrete paths.
func TestWalkRefsMatchesWalk(t *testing.T) {
	r := fixture()
	type field struct{ Path, Text string }
	var want, got []field
	_ = r.Walk(func(f FieldValue) error { want = append(want, field{f.Path, f.Text}); return nil })
	_ = r.WalkRefs(func(ref FieldRef, text []byte) error {
		got = append(got, field{string(ref.AppendPath(nil)), string(text)})
		if ref.Path() != string(ref.AppendPath(nil)) {
			t.Errorf("Path %q != AppendPath %q", ref.Path(), ref.AppendPath(nil))
		}
		back, ok := ParseFieldRef(ref.Path())
		if !ok || back != ref {
			t.Errorf("ParseFieldRef(%q) = %v, %v; want %v", ref.Path(), back, ok, ref)
		}
		for near := -2; near <= len(schema)+2; near++ {
			if got, ok := ParseFieldRefBytesNear([]byte(ref.Path()), near); !ok || got != ref {
				t.Fatalf("ParseFieldRefBytesNear(%q, %d) = %v, %v", ref.Path(), near, got, ok)
			}
		}
		if ref.Action() != ref.Spec().Action || ref.Spec().Path != schema[ref.Row].Path {
			t.Errorf("%v: Action/Spec disagree with the table", ref)
		}
		return nil
	})
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("WalkRefs differs from Walk (-Walk +WalkRefs):\n%s", diff)
	}
	if len(got) == 0 {
		t.Fatal("fixture has no fields")
	}
	// A rebuild by SetFieldRef equals the original.
	var rebuilt Record
	rebuilt.ID = r.ID
	_ = r.WalkRefs(func(ref FieldRef, text []byte) error {
		if err := rebuilt.SetFieldRef(ref, string(text)); err != nil {
			t.Fatalf("SetFieldRef(%v): %v", ref, err)
		}
		return nil
	})
	if diff := cmp.Diff(r, &rebuilt, cmp.AllowUnexported(Date{})); diff != "" {
		t.Fatalf("rebuild differs:\n%s", diff)
	}
	stop := errors.New("stop")
	if err := r.WalkRefs(func(FieldRef, []byte) error { return stop }); err != stop {
		t.Fatalf("WalkRefs did not return fn's error: %v", err)
	}
}

func TestParseFieldRefRejects(t *testing.T) {
	for _, p := range []string{
		"", "identity", "identity.nam", "identity.name.x", "accounts[].balance", "accounts[01].balance",
		"accounts[-1].balance", "accounts[65536].balance", "accounts[1.balance", "accounts]1[.balance",
		"identity[0].name", "accounts[0]", "accounts[0].", "nope[0].balance", "accounts[ 1].balance",
		"accounts[99999999999999999999].balance", "accounts[0].balance\x00",
	} {
		if ref, ok := ParseFieldRef(p); ok {
			t.Errorf("ParseFieldRef(%q) = %v, want rejection", p, ref)
		}
		if _, ok := ParseFieldRefBytes([]byte(p)); ok {
			t.Errorf("ParseFieldRefBytes(%q) accepted", p)
		}
		for near := -1; near <= len(schema); near++ {
			if _, ok := ParseFieldRefBytesNear([]byte(p), near); ok {
				t.Fatalf("ParseFieldRefBytesNear(%q, %d) accepted", p, near)
			}
		}
		var r Record
		if err := r.SetField(p, "1"); !errors.Is(err, ErrUnknownField) {
			t.Errorf("SetField(%q) = %v, want ErrUnknownField", p, err)
		}
	}
	if ref, ok := ParseFieldRef("accounts[65535].balance"); !ok || ref.Elem != 65535 {
		t.Errorf("largest index: %v, %v", ref, ok)
	}
}

func TestSetFieldRefRejects(t *testing.T) {
	var r Record
	bal, _ := ParseFieldRef("accounts[0].balance")
	for _, ref := range []FieldRef{{Row: -1}, {Row: len(schema)}, {Row: 0, Elem: 1}, {Row: bal.Row, Elem: -1}, {Row: bal.Row, Elem: maxListIndex}} {
		if err := r.SetFieldRef(ref, "1"); !errors.Is(err, ErrUnknownField) {
			t.Errorf("SetFieldRef(%v) = %v, want ErrUnknownField", ref, err)
		}
		if ref.Path() != "" || len(ref.AppendPath(nil)) != 0 {
			t.Errorf("invalid %v has a path", ref)
		}
	}
	if err := r.SetFieldRef(FieldRef{Row: bal.Row, Elem: 1}, "1"); !errors.Is(err, ErrInvalidValue) {
		t.Errorf("out-of-order element: %v", err)
	}
	var fe *FieldError
	if err := r.SetFieldRef(bal, "x"); !errors.As(err, &fe) || fe.Path != "accounts[0].balance" {
		t.Errorf("bad money: %v", err)
	}
	if (FieldRef{Row: -1}).Action() != 0 {
		t.Error("Action of an invalid row")
	}
}

// The civil-date fast paths agree with the time package on every day of
// 1800–2199 and on the ends of the range; ParseDate keeps rejecting what
// time.Parse rejects.
func TestDateFastPathsMatchTime(t *testing.T) {
	check := func(tm time.Time) {
		t.Helper()
		want := tm.Format(dateLayout)
		d := DateOf(tm)
		if got := d.String(); got != want {
			t.Fatalf("String = %q, want %q", got, want)
		}
		p, err := ParseDate(want)
		if err != nil || p != d {
			t.Fatalf("ParseDate(%q) = %v, %v; want %v", want, p, err, d)
		}
		if slow, ok := parseDateFast(want); !ok || slow != d {
			t.Fatalf("parseDateFast(%q) = %v, %v", want, slow, ok)
		}
	}
	for tm := time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC); tm.Year() < 2200; tm = tm.AddDate(0, 0, 1) {
		check(tm)
	}
	for _, y := range []int{1, 2, 4, 100, 400, 999, 1000, 9999} {
		check(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC))
		check(time.Date(y, 2, 28, 0, 0, 0, 0, time.UTC))
		check(time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC))
	}
	for _, s := range []string{"2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-1-01",
		"2024/01/01", "20240101", "2024-01-01 ", "+024-01-01", "２０２４-01-01", "2024-01-0a"} {
		if _, err := ParseDate(s); !errors.Is(err, ErrInvalidValue) {
			t.Errorf("ParseDate(%q) = %v", s, err)
		}
		if _, ok := parseDateFast(s); ok {
			t.Errorf("parseDateFast(%q) accepted", s)
		}
	}
	// Outside the fast range the time package decides, as before.
	for _, s := range []string{"0000-01-01", "10000-01-01"} {
		_, err := ParseDate(s)
		_, terr := time.Parse(dateLayout, s)
		if (err == nil) != (terr == nil && len(s) == len(dateLayout)) {
			t.Errorf("ParseDate(%q) = %v, time.Parse = %v", s, err, terr)
		}
	}
	far := NewDate(10000, 3, 1)
	if far.String() != far.Time().Format(dateLayout) {
		t.Errorf("year 10000: %q", far.String())
	}
	if b, _ := far.AppendText(nil); string(b) != far.String() {
		t.Errorf("AppendText = %q", b)
	}
}

// NewRecordFor + SetFieldRef rebuilds records equal to the originals, for
// lists of one and of several elements, without growing any slice.
func TestNewRecordFor(t *testing.T) {
	small := &Record{ID: "s", Identity: &Identity{Name: "n"}, Phones: []Phone{{Number: "+8613800138000"}},
		Accounts: []Account{{ID: "a", Balance: 5}}, Spouse: &Spouse{Name: "m"}}
	for _, r := range []*Record{fixture(), small, {ID: "empty"}} {
		var refs []FieldRef
		var texts []string
		_ = r.WalkRefs(func(ref FieldRef, text []byte) error {
			refs = append(refs, ref)
			texts = append(texts, string(text))
			return nil
		})
		got := NewRecordFor(r.ID, refs)
		caps := map[string]int{"phones": cap(got.Phones), "accounts": cap(got.Accounts), "contacts": cap(got.Contacts)}
		for i, ref := range refs {
			if err := got.SetFieldRef(ref, texts[i]); err != nil {
				t.Fatalf("SetFieldRef(%v): %v", ref, err)
			}
		}
		if diff := cmp.Diff(r, got, cmp.AllowUnexported(Date{})); diff != "" {
			t.Fatalf("%s: rebuild differs:\n%s", r.ID, diff)
		}
		if caps["phones"] != cap(got.Phones) || caps["accounts"] != cap(got.Accounts) || caps["contacts"] != cap(got.Contacts) {
			t.Fatalf("%s: a reserved list grew", r.ID)
		}
		if len(got.Phones) != cap(got.Phones) || len(got.Accounts) != cap(got.Accounts) {
			t.Fatalf("%s: reserved capacity is not exact", r.ID)
		}
	}
	// Bogus refs are ignored, and a list's capacity is bounded by its refs.
	bal, _ := ParseFieldRef("accounts[0].balance")
	r := NewRecordFor("x", []FieldRef{{Row: -1}, {Row: len(schema)}, {Row: 0, Elem: 3}, {Row: bal.Row, Elem: 60000}})
	if r.Identity != nil || cap(r.Accounts) != 1 || r.Phones != nil {
		t.Fatalf("bogus refs: identity %v, cap(accounts) %d", r.Identity, cap(r.Accounts))
	}
	// A record of one-element lists is one allocation.
	refs := []FieldRef{}
	_ = small.WalkRefs(func(ref FieldRef, _ []byte) error { refs = append(refs, ref); return nil })
	if n := testing.AllocsPerRun(10, func() { NewRecordFor("s", refs) }); n != 1 {
		t.Errorf("NewRecordFor allocations = %v, want 1", n)
	}
}

// Paths past the cached element indexes are built, and equal the cached
// form's pattern.
func TestPathsPastCache(t *testing.T) {
	r := &Record{ID: "many"}
	for i := range 40 {
		r.Inquiries = append(r.Inquiries, Inquiry{Institution: "bank", Date: NewDate(2024, 1, 1+i%28)})
	}
	i := 0
	_ = r.Walk(func(f FieldValue) error {
		want := "inquiries[" + itoa(i/2) + "]." + []string{"date", "institution"}[i%2]
		if f.Path != want {
			t.Fatalf("Walk path %q, want %q", f.Path, want)
		}
		ref, ok := ParseFieldRef(f.Path)
		if !ok || ref.Path() != want || string(ref.AppendPath(nil)) != want {
			t.Fatalf("FieldRef of %q: %v %v %q", want, ref, ok, ref.Path())
		}
		i++
		return nil
	})
	if i != 80 {
		t.Fatalf("visited %d fields, want 80", i)
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// The repayment character table agrees with the alphabet for every byte.
func TestRepaymentCharTable(t *testing.T) {
	for c := range 256 {
		want := false
		for i := 0; i < len(repaymentAlphabet); i++ {
			want = want || repaymentAlphabet[i] == byte(c)
		}
		r := Repayment("NNNNNNNNNNNNNNNNNNNNNNN" + string([]byte{byte(c)}))
		if r.Valid() != want {
			t.Fatalf("Valid with byte %#x = %v, want %v", c, r.Valid(), want)
		}
	}
}

func BenchmarkParseFieldRef(b *testing.B) {
	var paths [][]byte
	_ = fixture().Walk(func(f FieldValue) error { paths = append(paths, []byte(f.Path)); return nil })
	b.Run("near", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			near := 0
			for _, p := range paths {
				ref, _ := ParseFieldRefBytesNear(p, near)
				near = ref.Row + 1
			}
		}
	})
	b.Run("map", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, p := range paths {
				_, _ = ParseFieldRefBytes(p)
			}
		}
	})
}

// The fingerprint is the documented digest and depends on every row.
func TestSchemaFingerprint(t *testing.T) {
	digest := func() [32]byte {
		b := []byte("credq/credit/schema\x00\x00\x01")
		for i := range schema {
			f := &schema[i]
			b = append(append(append(b, byte(len(f.Path))), f.Path...), byte(f.Class), byte(f.Action))
		}
		return sha256.Sum256(b)
	}
	if SchemaVersion != 1 || digest() != SchemaFingerprint() {
		t.Fatal("fingerprint is not the documented digest")
	}
	saved := schema[len(schema)-1].Action
	defer func() { schema[len(schema)-1].Action = saved }()
	schema[len(schema)-1].Action = ActionPlain
	if digest() == SchemaFingerprint() {
		t.Fatal("changing an action does not change the fingerprint")
	}
}

// flatten returns r's refs and its texts back to back after its ID, as
// BuildRecord takes them.
func flatten(r *Record) (text []byte, refs []FieldRef, ends []int) {
	text = []byte(r.ID)
	_ = r.WalkRefs(func(ref FieldRef, t []byte) error {
		refs = append(refs, ref)
		text = append(text, t...)
		ends = append(ends, len(text))
		return nil
	})
	return text, refs, ends
}

// BuildRecord rebuilds records equal to the originals across every text
// size class (and past the largest), owns its copy of the text, and makes
// one allocation for a record of one-element lists with a short text.
func TestBuildRecord(t *testing.T) {
	small := &Record{ID: "s", Identity: &Identity{Name: "n"}, Phones: []Phone{{Number: "+8613800138000"}},
		Accounts: []Account{{ID: "a", Balance: 5}}, Spouse: &Spouse{Name: "m"}}
	recs := []*Record{fixture(), small, {ID: "empty"}}
	for _, n := range []int{200, 300, 700, 1000, 1500, 2000, 2100, 5000} {
		recs = append(recs, &Record{ID: "long", Annotations: []Annotation{{Text: strings.Repeat("注", n/3)}}})
	}
	for _, r := range recs {
		text, refs, ends := flatten(r)
		got, bad, err := BuildRecord(text, len(r.ID), refs, ends)
		if err != nil {
			t.Fatalf("%s (%d bytes): field %d: %v", r.ID, len(text), bad, err)
		}
		clear(text) // the record holds its own copy
		runtime.GC()
		if diff := cmp.Diff(r, got, cmp.AllowUnexported(Date{})); diff != "" {
			t.Fatalf("%s (%d bytes): rebuild differs:\n%s", r.ID, len(text), diff)
		}
	}
	text, refs, ends := flatten(small)
	if n := testing.AllocsPerRun(10, func() { _, _, _ = BuildRecord(text, 1, refs, ends) }); n != 1 {
		t.Errorf("BuildRecord allocations = %v, want 1", n)
	}
}

// TestBuildRecordEveryShape rebuilds records holding every subset of the
// sections (each list with one element, so in the block, or two, so apart)
// and text sizes around the classes, so that each block layout is built
// and used.
func TestBuildRecordEveryShape(t *testing.T) {
	full := fixture()
	rng := rand.New(rand.NewPCG(11, 12))
	for mask := range 1 << (numLists + 2) {
		if mask%7 != 0 && mask != 1<<(numLists+2)-1 { // every seventh mask and the full one
			continue
		}
		r := &Record{ID: "m" + strings.Repeat("x", rng.IntN(1500))}
		if mask&(1<<listIdentity) != 0 {
			r.Identity = full.Identity
		}
		if mask&(1<<listSpouse) != 0 {
			r.Spouse = full.Spouse
		}
		two := rng.IntN(2) == 0
		pick := func(l int, n int) int {
			if mask&(1<<l) == 0 {
				return 0
			}
			if two && n > 1 {
				return 2
			}
			return 1
		}
		r.Phones = full.Phones[:pick(0, len(full.Phones))]
		r.Residences = full.Residences[:pick(1, len(full.Residences))]
		r.Employment = full.Employment[:pick(2, len(full.Employment))]
		r.Contacts = full.Contacts[:pick(3, len(full.Contacts))]
		r.Accounts = full.Accounts[:pick(4, len(full.Accounts))]
		r.Obligors = full.Obligors[:pick(5, len(full.Obligors))]
		r.PublicRecords = full.PublicRecords[:pick(6, len(full.PublicRecords))]
		r.Inquiries = full.Inquiries[:pick(7, len(full.Inquiries))]
		r.Annotations = full.Annotations[:pick(8, len(full.Annotations))]
		norm := func(r *Record) *Record { // empty lists compare as nil
			c := *r
			for _, s := range []any{&c.Phones, &c.Residences, &c.Employment, &c.Contacts, &c.Accounts, &c.Obligors, &c.PublicRecords, &c.Inquiries, &c.Annotations} {
				v := reflect.ValueOf(s).Elem()
				if v.Len() == 0 {
					v.SetZero()
				}
			}
			return &c
		}
		text, refs, ends := flatten(r)
		got, bad, err := BuildRecord(text, len(r.ID), refs, ends)
		if err != nil {
			t.Fatalf("mask %#x: field %d: %v", mask, bad, err)
		}
		clear(text)
		if diff := cmp.Diff(norm(r), norm(got), cmp.AllowUnexported(Date{})); diff != "" {
			t.Fatalf("mask %#x (%d bytes of text): rebuild differs:\n%s", mask, len(text), diff)
		}
	}
	runtime.GC() // the rebuilt records' strings point into their blocks
}

// TestAllocBlockFillsSizeClass checks the block layouts against the
// runtime, for a record of no sections, the 12-field shape and
// every section: the largest text of each class takes exactly that class,
// one byte more takes a larger one, and a text too large for every class
// gets a block without text.
func TestAllocBlockFillsSizeClass(t *testing.T) {
	var sink unsafe.Pointer
	perAlloc := func(mask uint, n int) (uint64, []byte) {
		const runs = 1000
		var before, after runtime.MemStats
		var text []byte
		runtime.ReadMemStats(&before)
		for range runs {
			_, sink, text = allocBlock(mask, n)
		}
		runtime.ReadMemStats(&after)
		return (after.TotalAlloc - before.TotalAlloc) / runs, text
	}
	compact := uint(1<<0 | 1<<1 | 1<<2 | 1<<4 | 1<<8 | 1<<listIdentity)
	for _, mask := range []uint{0, compact, 1<<(numLists+2) - 1} {
		base := layoutOf(mask, noText).size
		for class, size := range textClasses {
			n := size - mallocHeader - base
			if n < 0 {
				continue
			}
			if l := layoutOf(mask, class); l.cap != n || l.size+mallocHeader != size {
				t.Fatalf("mask %#x, class %d: text %d bytes, block %d; want %d and %d", mask, size, l.cap, l.size, n, size-mallocHeader)
			}
			if got, text := perAlloc(mask, n); got < uint64(size) || got > uint64(size)+16 || len(text) != n {
				t.Errorf("mask %#x, text of %d bytes: %d bytes per allocation (text %d), want the %d-byte class", mask, n, got, len(text), size)
			}
			if got, _ := perAlloc(mask, n+1); class+1 < len(textClasses) && got <= uint64(size) {
				t.Errorf("mask %#x, text of %d bytes: %d bytes per allocation, want more than %d", mask, n+1, got, size)
			}
		}
		over := textClasses[len(textClasses)-1] - mallocHeader - base + 1
		if _, text := perAlloc(mask, over); text != nil {
			t.Errorf("mask %#x: a %d-byte text got text space", mask, over)
		}
	}
	_ = sink
}

// Every input BuildRecord cannot use is an error naming the field (or -1
// for the whole call), never a panic.
func TestBuildRecordRejects(t *testing.T) {
	text, refs, ends := flatten(fixture())
	date, _ := ParseFieldRef("identity.birthDate")
	for name, tc := range map[string]struct {
		text     []byte
		idLen    int
		refs     []FieldRef
		ends     []int
		bad      int
		sentinel error
	}{
		"ends short":       {text, 5, refs, ends[1:], -1, ErrInvalidValue},
		"negative ID":      {text, -1, refs, ends, -1, ErrInvalidValue},
		"ID past text":     {text, len(text) + 1, refs, ends, -1, ErrInvalidValue},
		"end before start": {text, 5, refs[:2], []int{4, 9}, 0, ErrInvalidValue},
		"end past text":    {text, 5, refs[:2], []int{9, len(text) + 1}, 1, ErrInvalidValue},
		"unresolved ref":   {text, 5, []FieldRef{refs[0], {Row: -1}}, ends[:2], 1, ErrUnknownField},
		"bad date":         {[]byte("idnot-a-date"), 2, []FieldRef{date}, []int{12}, 0, ErrInvalidValue},
		"out of order":     {text, 5, []FieldRef{{Row: refs[len(refs)-1].Row, Elem: 2}}, ends[:1], 0, ErrInvalidValue},
		"gap in a list": {[]byte("id2020-01-022020-01-03"), 2, []FieldRef{{Row: refs[len(refs)-1].Row},
			{Row: refs[len(refs)-1].Row, Elem: 2}}, []int{12, 22}, 1, ErrInvalidValue},
	} {
		r, bad, err := BuildRecord(tc.text, tc.idLen, tc.refs, tc.ends)
		if r != nil || bad != tc.bad || !errors.Is(err, tc.sentinel) {
			t.Errorf("%s: BuildRecord = %v, %d, %v; want nil, %d, %v", name, r != nil, bad, err, tc.bad, tc.sentinel)
		}
	}
}

func FuzzBuildRecord(f *testing.F) {
	text, refs, ends := flatten(fixture())
	var shape []byte
	for i, ref := range refs {
		shape = append(shape, byte(ref.Row), byte(ref.Elem), byte(ends[i]>>8), byte(ends[i]))
	}
	f.Add(text, 5, shape)
	f.Fuzz(func(t *testing.T, text []byte, idLen int, shape []byte) {
		var refs []FieldRef
		var ends []int
		for ; len(shape) >= 4; shape = shape[4:] {
			refs = append(refs, FieldRef{Row: int(int8(shape[0])), Elem: int(shape[1])})
			ends = append(ends, int(shape[2])<<8|int(shape[3]))
		}
		r, bad, err := BuildRecord(text, idLen, refs, ends)
		if err == nil {
			if r == nil || bad != -1 {
				t.Fatalf("success with r=%v bad=%d", r, bad)
			}
		} else if r != nil || bad < -1 || bad >= len(refs) {
			t.Fatalf("failure with r=%v bad=%d of %d: %v", r != nil, bad, len(refs), err)
		}
		if bad == -1 && err != nil { // the whole call was refused
			return
		}
		// The reference: NewRecordFor, then SetFieldRef field by field.
		want := NewRecordFor(string(text[:idLen]), refs)
		wantBad, start := -1, idLen
		for i, ref := range refs {
			if ends[i] < start || ends[i] > len(text) || want.SetFieldRef(ref, string(text[start:ends[i]])) != nil {
				wantBad = i
				break
			}
			start = ends[i]
		}
		if bad != wantBad {
			t.Fatalf("BuildRecord fails at field %d, SetFieldRef at %d", bad, wantBad)
		}
		if bad == -1 {
			if diff := cmp.Diff(want, r, cmp.AllowUnexported(Date{})); diff != "" {
				t.Fatalf("BuildRecord differs from SetFieldRef field by field:\n%s", diff)
			}
		}
	})
}
