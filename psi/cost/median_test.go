package cost

import (
	"reflect"
	"testing"
	"time"
)

func TestMedianOfEachOperation(t *testing.T) {
	all := []Costs{
		{HashToGroup: 1, ScalarMult: 30, ScalarMultEach: 500, Decode: 7, Encode: 2, Hash: 9},
		{HashToGroup: 3, ScalarMult: 10, ScalarMultEach: 700, Decode: 5, Encode: 4, Hash: 8},
		{HashToGroup: 2, ScalarMult: 20, ScalarMultEach: 600, Decode: 6, Encode: 3, Hash: 7},
	}
	want := Costs{HashToGroup: 2, ScalarMult: 20, ScalarMultEach: 600, Decode: 6, Encode: 3, Hash: 8}
	if got := medianOf(all); got != want {
		t.Fatalf("medianOf = %+v, want %+v", got, want)
	}
	// fields must name every field of Costs exactly once.
	var c Costs
	for i, f := range c.fields() {
		*f = time.Duration(i + 1)
	}
	seen := map[time.Duration]bool{}
	for _, d := range []time.Duration{c.HashToGroup, c.ScalarMult, c.ScalarMultEach, c.Decode, c.Encode, c.Hash} {
		if d == 0 || seen[d] {
			t.Fatalf("Costs.fields misses or repeats a field: %+v", c)
		}
		seen[d] = true
	}
	// The list above is written by hand: check against the type as well,
	// so that a field added to Costs but not to fields fails here.
	if got, want := len(c.fields()), reflect.TypeOf(Costs{}).NumField(); got != want {
		t.Fatalf("Costs.fields lists %d fields, Costs has %d", got, want)
	}
	v := reflect.ValueOf(c)
	seen = map[time.Duration]bool{}
	for i := range v.NumField() {
		d := v.Field(i).Interface().(time.Duration)
		if d == 0 || seen[d] {
			t.Fatalf("Costs.fields misses or repeats field %s: %+v", v.Type().Field(i).Name, c)
		}
		seen[d] = true
	}
}

func TestMeasureMedianPositive(t *testing.T) {
	c := MeasureMedian(40, 3)
	for _, f := range c.fields() {
		if *f <= 0 {
			t.Fatalf("MeasureMedian(40, 3) = %+v, want every cost > 0", c)
		}
	}
}
