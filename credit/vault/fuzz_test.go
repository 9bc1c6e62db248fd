package vault

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/credq/credq/credit"

	"github.com/credq/credq/encoding"
)

// Fuzz targets for every parser: decoding followed by encoding must
// reproduce the input byte for byte, or decoding must fail with a typed
// error. Seeds live in testdata/fuzz/<name>/.

func FuzzSealedRecord(f *testing.F) {
	sealer, _ := testVault(f)
	f.Add(mustSeal(f, sealer, "s", fixture("r")))
	v, _ := testVault(f) // holds no key of any seed or mutation
	f.Fuzz(func(t *testing.T, b []byte) {
		checkFastParse(t, b)
		s, err := parseSealed(b)
		if err != nil {
			var pe *encoding.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("untyped parse error %v", err)
			}
			return
		}
		again, err := s.marshal()
		if err != nil {
			t.Fatalf("re-encoding a parsed record: %v", err)
		}
		if !bytes.Equal(again, b) {
			t.Fatal("decode → encode does not reproduce the input")
		}
		// Opening must fail cleanly: this vault holds no subject key.
		if _, err := v.Open(context.Background(), b); err == nil {
			t.Fatal("fuzzed input opened")
		}
	})
}

func FuzzDisclosure(f *testing.F) {
	f.Add(goodDisclosure(f))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := parseDisclosure(b)
		if err != nil {
			var pe *encoding.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("untyped parse error %v", err)
			}
			return
		}
		again, err := d.marshal()
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("decode → encode does not reproduce the input (%v)", err)
		}
	})
}

func FuzzKeyring(f *testing.F) {
	kr, _ := NewKeyring("bank-a")
	_, _ = kr.AddIndex(IndexMobile, 12)
	good, _ := kr.marshal()
	f.Add(good)
	f.Fuzz(func(t *testing.T, b []byte) {
		k, err := parseKeyring(b)
		if err != nil {
			var pe *encoding.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("untyped parse error %v", err)
			}
			return
		}
		again, err := k.marshal()
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("decode → encode does not reproduce the input (%v)", err)
		}
	})
}

// fixtureMemo is a workspace whose path memo holds the paths of
// fixture("r"), as after opening it: scanning that record or an edit of it
// with this workspace skips the checks of its leading paths.
var fixtureMemo = sync.OnceValue(func() *workspace {
	w := workPool.New().(*workspace)
	_ = fixture("r").Walk(func(f credit.FieldValue) error {
		w.paths = append(w.paths, f.Path...)
		w.pathEnds = append(w.pathEnds, len(w.paths))
		return nil
	})
	w.memo = len(w.pathEnds)
	return w
})

// checkFastParse requires the fast sealed-record parser to accept exactly
// the inputs the reference parser accepts, with the same result, both
// without a path memo and with fixtureMemo's.
func checkFastParse(t *testing.T, b []byte) {
	t.Helper()
	checkFastParseWith(t, b, nil)
	checkFastParseWith(t, b, fixtureMemo())
}

func checkFastParseWith(t *testing.T, b []byte, w *workspace) {
	t.Helper()
	var fast, ref sealedRecord
	fastOK := parseSealedFast(b, &fast, w)
	err := parseSealedChecked(b, &ref)
	if fastOK != (err == nil) {
		t.Fatalf("fast parser ok=%v, reference parser err=%v", fastOK, err)
	}
	if !fastOK {
		return
	}
	same := fast.schema == ref.schema && fast.fingerprint == ref.fingerprint && fast.recordID == ref.recordID &&
		fast.subjectID == ref.subjectID && fast.subjectKey == ref.subjectKey && fast.dataKeyID == ref.dataKeyID &&
		bytes.Equal(fast.wrappedData, ref.wrappedData) && bytes.Equal(fast.mac, ref.mac) &&
		bytes.Equal(fast.macBody, ref.macBody) && len(fast.fields) == len(ref.fields)
	for i := 0; same && i < len(fast.fields); i++ {
		f, r := fast.fields[i], ref.fields[i]
		same = bytes.Equal(f.path, r.path) && f.action == r.action && bytes.Equal(f.value, r.value)
	}
	if !same {
		t.Fatal("fast and reference parsers disagree")
	}
}

// parseSealedFast is scanSealed filling a sealedRecord, for checkFastParse's
// comparison with the reference parser.
func parseSealedFast(b []byte, s *sealedRecord, w *workspace) bool {
	var v sealedView
	if !scanSealed(b, &v, w) {
		return false
	}
	if w != nil && v.samePaths > min(w.memo, v.nFields) {
		return false // a count past the memo is a scan bug: reported as a disagreement
	}
	*s = sealedRecord{fields: s.fields[:0], schema: v.schema, fingerprint: v.fingerprint,
		recordID: string(v.recordID), subjectID: string(v.subjectID), subjectKey: v.subjectKey,
		dataKeyID: v.dataKeyID, wrappedData: v.wrappedData}
	if cap(s.fields) >= v.nFields {
		s.fields = s.fields[:v.nFields]
	} else {
		s.fields = make([]sealedField, v.nFields)
	}
	p := v.fieldsAt
	for i := range s.fields {
		f := &s.fields[i]
		f.path, f.action, f.value, p = v.fieldAt(p)
	}
	s.mac = b[v.macAt:len(b):len(b)]
	s.macBody = b[:v.macAt]
	return true
}
