package credit

import (
	"errors"
	"testing"
	"time"
)

var idToday = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

func TestResidentIDWorkedExample(t *testing.T) {
	// DOMAIN.md: 11010519491231002 → S = 167, Y = 2 → X.
	if got := ResidentIDCheck("11010519491231002"); got != 'X' {
		t.Fatalf("ResidentIDCheck(11010519491231002) = %q, want 'X'", got)
	}
}

func TestNormalizeResidentIDAccepts(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"11010519491231002X", "11010519491231002X"},
		{"11010519491231002x", "11010519491231002X"},
		{"440524188001010014", "440524188001010014"},
		{"34052419800101001X", "34052419800101001X"},
		{"360426199101010071", "360426199101010071"},
		{"110105491231002", "11010519491231002X"}, // legacy 15 → 18
		{" 360426199101010071\t", "360426199101010071"},
		{"３６０４２６１９９１０１０１００７１", "360426199101010071"}, // full-width (NFKC)
		{"11010519491231002Ｘ", "11010519491231002X"},
		{"99999919800101001X", ""}, // unknown address code: accepted, see below
	} {
		want := tc.want
		if want == "" {
			want = "999999198001010" + "01" + string(ResidentIDCheck("99999919800101001"))
			tc.in = want
		}
		got, err := NormalizeResidentIDAt(tc.in, idToday)
		if err != nil || got != want {
			t.Errorf("NormalizeResidentIDAt(%q) = %q, %v; want %q", tc.in, got, err, want)
		}
	}
}

func TestNormalizeResidentIDRejects(t *testing.T) {
	for _, tc := range []struct{ name, in string }{
		{"bad check", "110105194912310021"},
		{"bad check X", "36042619910101007X"},
		{"impossible date", "110105194902300" + "01" + string(ResidentIDCheck("11010519490230001"))},
		{"month 13", "110105194913010" + "01" + string(ResidentIDCheck("11010519491301001"))},
		{"future birth", "110105202612010" + "01" + string(ResidentIDCheck("11010520261201001"))},
		{"before 1800", "110105179912310" + "01" + string(ResidentIDCheck("11010517991231001"))},
		{"legacy impossible date", "110105490230002"},
		{"legacy with letter", "11010549123100X"},
		{"17 digits", "11010519491231002"},
		{"19 chars", "11010519491231002X0"},
		{"inner space", "110105 19491231002X"},
		{"separator", "110105-19491231002X"},
		{"letter inside", "1101051949123100AX"},
		{"empty", ""},
		{"too long", string(make([]byte, 600))},
	} {
		if _, err := NormalizeResidentIDAt(tc.in, idToday); !errors.Is(err, ErrInvalidResidentID) {
			t.Errorf("%s: NormalizeResidentIDAt = %v, want ErrInvalidResidentID", tc.name, err)
		}
	}
}

func TestResidentIDBirthDateBoundary(t *testing.T) {
	born := "110105202611220" + "01"
	id := born + string(ResidentIDCheck(born))
	if _, err := NormalizeResidentIDAt(id, idToday); err != nil {
		t.Errorf("born today: %v, want accepted", err)
	}
	if _, err := NormalizeResidentIDAt(id, idToday.AddDate(0, 0, -1)); !errors.Is(err, ErrInvalidResidentID) {
		t.Errorf("born tomorrow: %v, want ErrInvalidResidentID", err)
	}
}

func TestNormalizeMobile(t *testing.T) {
	for _, in := range []string{
		"+86 138-0013-8000", "0086 13800138000", "138 0013 8000", "１３８００１３８０００",
		"+8613800138000", "8613800138000", "(138) 0013.8000", "＋８６１３８００１３８０００",
	} {
		got, err := NormalizeMobile(in)
		if err != nil || got != "+8613800138000" {
			t.Errorf("NormalizeMobile(%q) = %q, %v; want +8613800138000", in, got, err)
		}
	}
	for _, in := range []string{
		"12345678901", "010-12345678", "1380013800", "138001380001", "+85213800138000",
		"+8612800138000", "1380013800a", "", "+86", "86 86 13800138000", "13800138000+",
		"00 86 1380013800", "138\u00a00013\u00a08000x",
	} {
		if got, err := NormalizeMobile(in); !errors.Is(err, ErrInvalidMobile) {
			t.Errorf("NormalizeMobile(%q) = %q, %v; want ErrInvalidMobile", in, got, err)
		}
	}
}

func TestNormalizeEmail(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"  Zhang.San@Example.COM ", "zhang.san@example.com"},
		{"ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", "zhang@example.com"},
		{"a.b.c@gmail.com", "a.b.c@gmail.com"}, // no provider rules in v1
	} {
		got, err := NormalizeEmail(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("NormalizeEmail(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, in := range []string{"", "no-at", "@example.com", "a@", "a@@b", "a@b@c", "a b@c", "a@b\x00c", "a\u2028@b"} {
		if _, err := NormalizeEmail(in); !errors.Is(err, ErrInvalidEmail) {
			t.Errorf("NormalizeEmail(%q) = %v, want ErrInvalidEmail", in, err)
		}
	}
}

func TestIdentifierKeys(t *testing.T) {
	for _, tc := range []struct {
		f        func(string) (string, error)
		in, want string
	}{
		{ResidentIDKey, "110105491231002", "cnid:v1:11010519491231002X"},
		{MobileKey, "138 0013 8000", "cnmob:v1:+8613800138000"},
		{EmailKey, "A@B.cn", "email:v1:a@b.cn"},
	} {
		if got, err := tc.f(tc.in); err != nil || got != tc.want {
			t.Errorf("key(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

// fixedPoint checks that an accepted output normalizes to itself.
func fixedPoint(t *testing.T, name string, f func(string) (string, error), in string) {
	out, err := f(in)
	if err != nil {
		return
	}
	again, err := f(out)
	if err != nil || again != out {
		t.Fatalf("%s: normalizing the output %q gave %q, %v", name, out, again, err)
	}
}

func FuzzNormalizeResidentID(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "110105491231002", "３６０４２６１９９１０１０１００７１", "11010519491231002x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fixedPoint(t, "resident ID", func(s string) (string, error) { return NormalizeResidentIDAt(s, idToday) }, s)
	})
}

func FuzzNormalizeMobile(f *testing.F) {
	for _, s := range []string{"+86 138-0013-8000", "0086 13800138000", "１３８００１３８０００", "010-12345678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { fixedPoint(t, "mobile", NormalizeMobile, s) })
}

func FuzzNormalizeEmail(f *testing.F) {
	for _, s := range []string{"  Zhang.San@Example.COM ", "ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", "a@b@c", "İ@x.com"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { fixedPoint(t, "email", NormalizeEmail, s) })
}
