package credit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
)

// DecodeRecordJSON parses a record from the JSON form json.Marshal writes,
// strictly and through the schema: every key must name a schema field
// ([ErrUnknownField]), each value goes through [Record.SetField] (so a bad
// code or date is a [*FieldError] naming the concrete path, e.g.
// "accounts[2].type"), money must be a JSON integer and everything else a
// string, and duplicate keys, null, empty objects or lists, more than
// [MaxRecordJSON] bytes and trailing data are rejected. The result must pass
// [Record.Validate]. Errors wrap [ErrInvalidValue], [ErrInvalidCode],
// [ErrMissingField] or [ErrUnknownField] and never quote the input.
func DecodeRecordJSON(data []byte) (*Record, error) {
	if len(data) > MaxRecordJSON {
		return nil, fmt.Errorf("credit: record JSON larger than %d bytes: %w", MaxRecordJSON, ErrInvalidValue)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	p := jsonParser{dec: dec, r: &Record{}}
	if err := p.record(); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("credit: record JSON: trailing data: %w", ErrInvalidValue)
	}
	if err := p.r.Validate(); err != nil {
		return nil, err
	}
	return p.r, nil
}

type jsonParser struct {
	dec *json.Decoder
	r   *Record
}

// malformed hides the decoder's message, which may quote input characters.
func (p *jsonParser) malformed() error {
	return fmt.Errorf("credit: record JSON: malformed at offset %d: %w", p.dec.InputOffset(), ErrInvalidValue)
}

func (p *jsonParser) delim(want json.Delim, path string) error {
	tok, err := p.dec.Token()
	if err != nil {
		return p.malformed()
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fieldErr(path, fmt.Errorf("credit: expected %q: %w", string(want), ErrInvalidValue))
	}
	return nil
}

// key reads an object key and rejects duplicates.
func (p *jsonParser) key(seen map[string]bool, prefix string) (string, error) {
	tok, err := p.dec.Token()
	if err != nil {
		return "", p.malformed()
	}
	k, _ := tok.(string)
	if seen[k] {
		return "", fieldErr(prefix+k, fmt.Errorf("credit: duplicate key: %w", ErrInvalidValue))
	}
	seen[k] = true
	return k, nil
}

func (p *jsonParser) record() error {
	if err := p.delim('{', "record"); err != nil {
		return err
	}
	seen := map[string]bool{}
	for p.dec.More() {
		k, err := p.key(seen, "")
		if err != nil {
			return err
		}
		switch k {
		case "id":
			tok, err := p.dec.Token()
			if err != nil {
				return p.malformed()
			}
			s, ok := tok.(string)
			if !ok || s == "" {
				return fieldErr("id", ErrInvalidValue)
			}
			p.r.ID = s
		case "identity", "spouse":
			if err := p.object(k, -1); err != nil {
				return err
			}
		case "phones", "residences", "employment", "contacts", "accounts", "obligors", "publicRecords", "inquiries", "annotations":
			if err := p.list(k); err != nil {
				return err
			}
		default:
			return fieldErr(k, ErrUnknownField)
		}
	}
	return p.delim('}', "record")
}

func (p *jsonParser) list(name string) error {
	if err := p.delim('[', name); err != nil {
		return err
	}
	i := 0
	for ; p.dec.More(); i++ {
		if i >= maxListIndex {
			return fieldErr(name, fmt.Errorf("credit: too many elements: %w", ErrInvalidValue))
		}
		if err := p.object(name, i); err != nil {
			return err
		}
	}
	if i == 0 {
		return fieldErr(name, fmt.Errorf("credit: empty list: %w", ErrInvalidValue))
	}
	return p.delim(']', name)
}

// object reads one section (idx < 0) or list element whose fields are all
// scalars. Values go straight to the schema row's setter; the concrete path
// is built only for an error.
func (p *jsonParser) object(section string, idx int) error {
	prefix := func() string {
		if idx < 0 {
			return section
		}
		return section + "[" + strconv.Itoa(idx) + "]"
	}
	if err := p.delim('{', section); err != nil {
		return err
	}
	schemaPrefix := section + "."
	if idx >= 0 {
		schemaPrefix = section + "[]."
		if idx > listLen(p.r, section) {
			return fieldErr(prefix(), ErrInvalidValue)
		}
	}
	seen := map[string]bool{}
	for p.dec.More() {
		tok, err := p.dec.Token()
		if err != nil {
			return p.malformed()
		}
		k, _ := tok.(string)
		if seen[k] {
			return fieldErr(prefix()+"."+k, fmt.Errorf("credit: duplicate key: %w", ErrInvalidValue))
		}
		seen[k] = true
		row, ok := schemaRow[schemaPrefix+k]
		if !ok {
			return fieldErr(prefix()+"."+k, ErrUnknownField)
		}
		spec := &schema[row]
		if tok, err = p.dec.Token(); err != nil {
			return p.malformed()
		}
		var text string
		switch v := tok.(type) {
		case string:
			if spec.numeric {
				return fieldErr(prefix()+"."+k, fmt.Errorf("credit: want a number: %w", ErrInvalidValue))
			}
			text = v
		case json.Number:
			if !spec.numeric {
				return fieldErr(prefix()+"."+k, fmt.Errorf("credit: want a string: %w", ErrInvalidValue))
			}
			text = string(v)
		default:
			return fieldErr(prefix()+"."+k, fmt.Errorf("credit: want a scalar: %w", ErrInvalidValue))
		}
		if err := setRow(p.r, row, max(idx, 0), text); err != nil {
			return fieldErr(prefix()+"."+k, err)
		}
	}
	if len(seen) == 0 {
		return fieldErr(prefix(), fmt.Errorf("credit: empty object: %w", ErrInvalidValue))
	}
	return p.delim('}', prefix())
}
