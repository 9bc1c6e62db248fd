package credit

import (
	"encoding/json"
	"fmt"

	"github.com/credq/credq/consent"
)

// JSON encoding. Records, views and every model type marshal with
// encoding/json: enumerations as their codes ("D1", "20"), dates as
// "YYYY-MM-DD", money as integers of minor units, inquiry purposes as
// consent.Purpose.Code ("02", "self"). Every field is tagged omitzero, so a
// view marshals without the fields and sections it does not hold — no
// "contacts":[] or "spouse":null that would reveal their existence.

// MaxRecordJSON caps the input of [DecodeRecordJSON] (1 MiB).
const MaxRecordJSON = 1 << 20

type inquiryJSON struct {
	Date        Date   `json:"date,omitzero"`
	Institution string `json:"institution,omitzero"`
	Purpose     string `json:"purpose,omitzero"`
}

// MarshalJSON writes the purpose as its code; an invalid non-zero purpose is
// an error.
func (q Inquiry) MarshalJSON() ([]byte, error) {
	w := inquiryJSON{Date: q.Date, Institution: q.Institution}
	if q.Purpose != 0 {
		if !q.Purpose.Valid() {
			return nil, fmt.Errorf("credit: inquiry purpose: %w", ErrInvalidCode)
		}
		w.Purpose = q.Purpose.Code()
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads the form MarshalJSON writes.
func (q *Inquiry) UnmarshalJSON(b []byte) error {
	var w inquiryJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*q = Inquiry{Date: w.Date, Institution: w.Institution}
	if w.Purpose != "" {
		p, err := purposeCodec.parse(w.Purpose)
		if err != nil {
			return err
		}
		q.Purpose = p
	}
	return nil
}

type viewJSON struct {
	Purpose    string      `json:"purpose"`
	Released   string      `json:"released"`
	Record     *Record     `json:"record,omitzero"`
	Aggregates *Aggregates `json:"aggregates,omitzero"`
}

// MarshalJSON writes {"purpose": code, "released": "direct+financial",
// "record": {…}, "aggregates": {…}}, omitting record and aggregates when the
// view holds none.
func (v *View) MarshalJSON() ([]byte, error) {
	if !v.Purpose.Valid() || !v.Released.Valid() {
		return nil, fmt.Errorf("credit: view: %w", ErrInvalidValue)
	}
	return json.Marshal(viewJSON{v.Purpose.Code(), v.Released.String(), v.Record, v.Aggregates})
}

// UnmarshalJSON reads the form MarshalJSON writes (for API clients).
func (v *View) UnmarshalJSON(b []byte) error {
	var w viewJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	p, err := consent.ParsePurpose(w.Purpose)
	if err != nil {
		return fmt.Errorf("credit: view purpose: %w", ErrInvalidCode)
	}
	s, err := consent.ParseScope(w.Released)
	if err != nil {
		return fmt.Errorf("credit: view released classes: %w", ErrInvalidCode)
	}
	*v = View{Purpose: p, Released: s, Record: w.Record, Aggregates: w.Aggregates}
	return nil
}
