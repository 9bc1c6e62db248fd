package schemagen

import (
	"strings"
	"testing"
)

const header = "package credit\n\nvar schema = []FieldSpec{\n"

func table(rows ...string) []byte {
	return []byte(header + strings.Join(rows, ",\n") + ",\n}\n")
}

const good = `fld("identity.name", cD, enc, strCodec, in(identity, func(e *Identity) *string { return &e.Name }))`

func TestGenerate(t *testing.T) {
	out, err := Generate(table(good,
		`fld("identity.idType", cD, sign, enumCodec(ParseIDType), in(identity, func(e *Identity) *IDType { return &e.IDType }))`,
		`fld("phones[].updated", cD, sign, dateCodec, in(phones, func(e *Phone) *Date { return &e.Updated }))`))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"case 0: // identity.name", "e.Name = text",
		"case 1: // identity.idType", "v, err := ParseIDType(text)", "e.IDType = v",
		"case 2: // phones[].updated", "v, err := dateCodec.parse(text)", "e := phones(r, i, true)",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// Every shape Generate cannot read is an error naming the row.
func TestGenerateRejects(t *testing.T) {
	for name, src := range map[string][]byte{
		"not Go":         []byte("package credit\nvar schema = []FieldSpec{"),
		"no table":       []byte("package credit\n\nvar other = 1\n"),
		"not fld":        table(`other("identity.name", cD, enc, strCodec, in(identity, func(e *Identity) *string { return &e.Name }))`),
		"four arguments": table(`fld("identity.name", cD, enc, strCodec)`),
		"path not text":  table(`fld(path, cD, enc, strCodec, in(identity, func(e *Identity) *string { return &e.Name }))`),
		"codec call":     table(`fld("a", cD, enc, otherCodec(ParseX), in(identity, func(e *Identity) *string { return &e.Name }))`),
		"codec literal":  table(`fld("a", cD, enc, codec[string]{}, in(identity, func(e *Identity) *string { return &e.Name }))`),
		"not in":         table(`fld("a", cD, enc, strCodec, out(identity, func(e *Identity) *string { return &e.Name }))`),
		"accessor var":   table(`fld("a", cD, enc, strCodec, in(identity, accessor))`),
		"two statements": table(`fld("a", cD, enc, strCodec, in(identity, func(e *Identity) *string { x(); return &e.Name }))`),
		"not a pointer":  table(`fld("a", cD, enc, strCodec, in(identity, func(e *Identity) string { return e.Name }))`),
		"not an address": table(`fld("a", cD, enc, strCodec, in(identity, func(e *Identity) *string { return p }))`),
		"deeper field":   table(`fld("a", cD, enc, strCodec, in(identity, func(e *Identity) *string { return &e.X.Name }))`),
	} {
		if out, err := Generate(src); err == nil {
			t.Errorf("%s: accepted:\n%s", name, out)
		}
	}
}
