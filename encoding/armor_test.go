package encoding

import (
	"bytes"
	"errors"
	"testing"
)

func TestArmorRoundTrip(t *testing.T) {
	for n := 0; n < 40; n++ {
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(i*37 + n)
		}
		text := Armor("cqt1_", data)
		got, err := Dearmor("cqt1_", text, 64)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("Dearmor(Armor(%x)) = %x, %v", data, got, err)
		}
	}
}

func TestDearmorRejects(t *testing.T) {
	valid := Armor("cqt1_", []byte{0xfb, 0xff, 0x01}) // "cqt1_-_8B"
	tests := []struct {
		name, in string
		extra    error
	}{
		{"wrong prefix", "cqx1_" + valid[5:], nil},
		{"no prefix", valid[5:], nil},
		{"empty", "", nil},
		{"padding", Armor("cqt1_", []byte{1}) + "==", nil},
		{"space", valid[:7] + " " + valid[7:], nil},
		{"newline", valid[:7] + "\n" + valid[7:], nil},
		{"carriage return", valid + "\r", nil},
		{"tab", "\t" + valid, nil},
		{"std alphabet plus", "cqt1_+_8B", nil},
		{"std alphabet slash", "cqt1_-/8B", nil},
		{"non-zero trailing bits", "cqt1_AB", ErrNonCanonical},
		{"impossible length", "cqt1_A", ErrNonCanonical},
		{"too long", Armor("cqt1_", make([]byte, 65)), ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Dearmor("cqt1_", tt.in, 64)
			if !errors.Is(err, ErrBadArmor) {
				t.Fatalf("Dearmor(%q) error = %v, want ErrBadArmor", tt.in, err)
			}
			if tt.extra != nil && !errors.Is(err, tt.extra) {
				t.Fatalf("Dearmor(%q) error = %v, want also %v", tt.in, err, tt.extra)
			}
		})
	}
	if _, err := Dearmor("cqt1_", "cqt1_AA", 64); err != nil {
		t.Fatalf("Dearmor(canonical) error = %v", err)
	}
}

func TestArmorTruncationSweep(t *testing.T) {
	text := Armor("cqt1_", []byte("some binary value!"))
	for i := 0; i < len(text); i++ {
		got, err := Dearmor("cqt1_", text[:i], 64)
		if err == nil && len(got) >= len("some binary value!") {
			t.Fatalf("Dearmor(prefix %d) returned the whole value", i)
		}
		if err != nil && !errors.Is(err, ErrBadArmor) {
			t.Fatalf("Dearmor(prefix %d) error = %v, want ErrBadArmor", i, err)
		}
	}
}

// FuzzDearmor checks that accepted text re-armors to exactly the input.
func FuzzDearmor(f *testing.F) {
	f.Add("cqt1_AA")
	f.Add(Armor("cqt1_", []byte("hello world")))
	f.Add("cqt1_AB==")
	f.Fuzz(func(t *testing.T, in string) {
		b, err := Dearmor("cqt1_", in, 1024)
		if err != nil {
			if !errors.Is(err, ErrBadArmor) {
				t.Fatalf("Dearmor error %v does not wrap ErrBadArmor", err)
			}
			return
		}
		if out := Armor("cqt1_", b); out != in {
			t.Fatalf("Armor(Dearmor(%q)) = %q", in, out)
		}
	})
}
