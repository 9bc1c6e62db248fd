package main

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/credq/credq/credit"
)

// identifierKind maps the --kind flag to the normalizer from package credit and
// the versioned kind string that both parties announce in the PSI handshake.
type identifierKind struct {
	flag      string
	handshake string // e.g. "cnid:v1"
	key       func(string) (string, error)
}

var kinds = []identifierKind{
	{"cnid", strings.TrimSuffix(credit.KindResidentID, ":"), credit.ResidentIDKey},
	{"cnmob", strings.TrimSuffix(credit.KindMobile, ":"), credit.MobileKey},
	{"email", strings.TrimSuffix(credit.KindEmail, ":"), credit.EmailKey},
}

func lookupKind(name string) (identifierKind, error) {
	for _, k := range kinds {
		if k.flag == name {
			return k, nil
		}
	}
	return identifierKind{}, usageError{fmt.Errorf("unknown --kind %q (want cnid, cnmob or email)", name)}
}

// inputSet is a party's normalized, de-duplicated identifiers. keys[i] is the
// full matching key ("cnid:v1:…") that enters the protocol; the identifiers
// themselves never appear in logs or error messages.
type inputSet struct {
	keys       []string
	lines      int   // data lines read (header and blank lines excluded)
	rejected   []int // 1-based line numbers of values that failed normalization
	duplicates int
}

// maxRejectedListed bounds how many rejected line numbers are printed.
const maxRejectedListed = 20

// report writes the rejection summary to w: counts and line numbers, never
// the rejected values.
func (s *inputSet) report(w io.Writer, name string) {
	fmt.Fprintf(w, "%s: %d lines, %d accepted, %d duplicates removed, %d rejected\n",
		name, s.lines, len(s.keys), s.duplicates, len(s.rejected))
	if len(s.rejected) == 0 {
		return
	}
	var b strings.Builder
	for i, n := range s.rejected {
		if i == maxRejectedListed {
			fmt.Fprintf(&b, " … (%d more)", len(s.rejected)-maxRejectedListed)
			break
		}
		fmt.Fprintf(&b, " %d", n)
	}
	fmt.Fprintf(w, "%s: rejected lines:%s\n", name, b.String())
}

// readInput reads identifiers from a CSV file (when the name ends in .csv or a
// column is given) or from a file with one identifier per line. column is a
// 1-based index or a header name; a header name means the first row is a
// header.
func readInput(path string, kind identifierKind, column string) (*inputSet, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("input: %w", err)
	}
	defer f.Close()
	if column != "" || strings.HasSuffix(strings.ToLower(path), ".csv") {
		return readCSV(f, kind, column)
	}
	return readLines(f, kind)
}

func newAccumulator(kind identifierKind) (*inputSet, func(line int, value string)) {
	s := &inputSet{}
	seen := make(map[string]struct{})
	return s, func(line int, value string) {
		s.lines++
		key, err := kind.key(value)
		if err != nil {
			s.rejected = append(s.rejected, line)
			return
		}
		if _, dup := seen[key]; dup {
			s.duplicates++
			return
		}
		seen[key] = struct{}{}
		s.keys = append(s.keys, key)
	}
}

func readLines(r io.Reader, kind identifierKind) (*inputSet, error) {
	s, add := newAccumulator(kind)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 1<<16)
	for line := 1; sc.Scan(); line++ {
		v := strings.TrimSpace(sc.Text())
		if v == "" {
			continue
		}
		add(line, v)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("input: %w", err)
	}
	return s, nil
}

func readCSV(r io.Reader, kind identifierKind, column string) (*inputSet, error) {
	s, add := newAccumulator(kind)
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	col, byName := 0, false
	if column != "" {
		n, err := strconv.Atoi(column)
		switch {
		case err != nil:
			byName = true
		case n < 1:
			return nil, usageError{errors.New("--column index is 1-based")}
		default:
			col = n - 1
		}
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, fmt.Errorf("input: CSV line %d: %w", line, errors.Unwrap(err))
		}
		if byName {
			found := false
			for i, h := range rec {
				if strings.TrimSpace(h) == column {
					col, found = i, true
				}
			}
			if !found {
				return nil, usageError{fmt.Errorf("--column %q not found in the CSV header", column)}
			}
			byName = false
			continue
		}
		if col >= len(rec) {
			s.lines++
			s.rejected = append(s.rejected, line)
			continue
		}
		v := strings.TrimSpace(rec[col])
		if v == "" && len(rec) == 1 {
			continue
		}
		add(line, v)
	}
	return s, nil
}
