package credit

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"github.com/credq/credq/credit/internal/schemagen"
	"github.com/google/go-cmp/cmp"
)

// schema_gen.go is what credit/internal/schemagen writes for the current
// table: run go generate in credit after editing schema_table.go.
func TestSchemaGenUpToDate(t *testing.T) {
	src, err := os.ReadFile("schema_table.go")
	if err != nil {
		t.Fatal(err)
	}
	want, err := schemagen.Generate(src)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("schema_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("schema_gen.go is stale: run go generate in credit")
	}
}

// setRow stores exactly what each row's FieldSpec.set stores, for every row
// (the fixture has every path), fails exactly as it fails on text that does
// not parse (creating no section), and reports rather than stores a list
// index out of order.
func TestSetRowMatchesSchema(t *testing.T) {
	var viaSet, viaRow Record
	seen := make([]bool, len(schema))
	valid := make([]string, len(schema)) // a text each row accepts
	err := fixture().WalkRefs(func(ref FieldRef, text []byte) error {
		seen[ref.Row] = true
		valid[ref.Row] = string(text)
		if err := schema[ref.Row].set(&viaSet, ref.Elem, string(text)); err != nil {
			return err
		}
		return setRow(&viaRow, ref.Row, ref.Elem, string(text))
	})
	if err != nil {
		t.Fatal(err)
	}
	for k, ok := range seen {
		if !ok {
			t.Errorf("the fixture has no value for row %d (%s)", k, schema[k].Path)
		}
	}
	if diff := cmp.Diff(&viaSet, &viaRow, cmp.AllowUnexported(Date{})); diff != "" {
		t.Fatalf("setRow differs from FieldSpec.set (-set +setRow):\n%s", diff)
	}
	for k := range schema {
		var a, b Record
		errSet := schema[k].set(&a, 0, "\x00not a value")
		errRow := setRow(&b, k, 0, "\x00not a value")
		if (errSet == nil) != (errRow == nil) || (errSet != nil && errSet.Error() != errRow.Error()) {
			t.Errorf("row %d (%s): set = %v, setRow = %v", k, schema[k].Path, errSet, errRow)
		}
		if diff := cmp.Diff(&a, &b, cmp.AllowUnexported(Date{})); diff != "" {
			t.Errorf("row %d (%s): records differ after a bad value:\n%s", k, schema[k].Path, diff)
		}
		if schema[k].list != "" {
			var r Record
			if err := setRow(&r, k, 1, valid[k]); !errors.Is(err, errOutOfOrder) {
				t.Errorf("row %d (%s): element 1 of an empty list: %v", k, schema[k].Path, err)
			}
		}
	}
	if err := setRow(&Record{}, len(schema), 0, "x"); !errors.Is(err, ErrUnknownField) {
		t.Error("setRow accepted a row past the table")
	}
}
