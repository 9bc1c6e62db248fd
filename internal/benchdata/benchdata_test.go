package benchdata

import (
	"fmt"
	"testing"

	"github.com/credq/credq/credit"
)

func TestCompactRecordShape(t *testing.T) {
	r := CompactRecord("r1")
	fields, size := 0, 0
	err := r.Walk(func(f credit.FieldValue) error {
		if _, ok := credit.ParseFieldRef(f.Path); !ok {
			return fmt.Errorf("field %s is not in the schema", f.Path)
		}
		fields++
		size += len(f.Text)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if fields != 12 || size < 550 || size > 650 {
		t.Fatalf("CompactRecord has %d fields and %d bytes of text; want 12 and about 600", fields, size)
	}
}

func ExampleCompactRecord() {
	r := CompactRecord("r1")
	fmt.Println(r.ID, r.Identity.IDNumber, len(r.Phones))
	// Output: r1 11010519491231002X 1
}
