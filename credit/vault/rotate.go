package vault

import (
	"bytes"
	"context"
	"errors"
	"fmt"
)

// RotateKEK adds a fresh KEK version and makes it current: subject keys
// created from now on are wrapped under it. Existing subject keys move with
// [Vault.Rewrap]; field ciphertexts are never touched. Persist the keyring
// ([Vault.SealKeyring]) before using the new version.
func (v *Vault) RotateKEK() (uint32, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.kr.RotateKEK()
}

// RewrapCursor is the resumption point of [Vault.Rewrap]: the last key ID
// processed (nil to start). It is safe to persist and reuse; keys already
// under the current KEK are skipped, so repeating a batch is harmless.
type RewrapCursor []byte

// Rewrap re-wraps up to batch subject keys (in key-ID order after cursor)
// under the current KEK, leaving records and index entries untouched. It
// returns the cursor for the next call and done = true when no key remains.
// A typical loop:
//
//	var c vault.RewrapCursor
//	for done := false; !done; {
//		if c, done, err = v.Rewrap(ctx, c, 1000); err != nil { … }
//	}
//	err = v.RetireKEK(ctx, old)
func (v *Vault) Rewrap(ctx context.Context, cursor RewrapCursor, batch int) (next RewrapCursor, done bool, err error) {
	if batch <= 0 {
		return cursor, false, fmt.Errorf("vault: batch must be positive: %w", ErrInvalidInput)
	}
	rows, err := v.store.SubjectKeys(ctx, cursor, batch)
	if err != nil {
		return cursor, false, fmt.Errorf("vault: listing subject keys: %w", err)
	}
	for _, row := range rows {
		if err := ctx.Err(); err != nil {
			return cursor, false, err
		}
		if err := v.rewrapOne(ctx, row); err != nil {
			return cursor, false, err
		}
		cursor = RewrapCursor(bytes.Clone(row.KeyID))
	}
	return cursor, len(rows) < batch, nil
}

func (v *Vault) rewrapOne(ctx context.Context, row SubjectKeyRow) error {
	v.mu.RLock()
	cur := v.kr.current
	if row.KEKVersion == cur {
		v.mu.RUnlock()
		return nil
	}
	key, err := v.kr.unwrapSubjectKey(row)
	if err == nil {
		row.Wrapped, err = v.kr.wrapSubjectKey(cur, row.KeyID, row.SubjectID, key)
		clear(key)
	}
	v.mu.RUnlock()
	if err != nil {
		return err
	}
	row.KEKVersion = cur
	err = v.store.PutSubjectKey(ctx, row)
	if errors.Is(err, ErrShredded) {
		return nil // shredded since it was listed: nothing left to rewrap
	}
	if err != nil {
		return fmt.Errorf("vault: storing subject key: %w", err)
	}
	return nil
}

// RetireKEK destroys KEK version old after checking that no live subject
// key is still wrapped under it (run [Vault.Rewrap] to completion first).
// The current version cannot be retired. Persist the keyring afterwards.
func (v *Vault) RetireKEK(ctx context.Context, old uint32) error {
	var cursor []byte
	for {
		rows, err := v.store.SubjectKeys(ctx, cursor, 1024)
		if err != nil {
			return fmt.Errorf("vault: listing subject keys: %w", err)
		}
		for _, r := range rows {
			if r.KEKVersion == old {
				return fmt.Errorf("vault: subject keys still wrapped under KEK version %d: %w", old, ErrInvalidInput)
			}
		}
		if len(rows) < 1024 {
			break
		}
		cursor = rows[len(rows)-1].KeyID
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.kr.retireKEK(old)
}

// AddIndex adds a new version of a built-in blind index ([IndexResidentID],
// [IndexMobile], [IndexEmail]) with the tag length [PlanIndex] chooses for
// population, and returns the plan and version. Records written by
// [Vault.Put] from now on are indexed under the new version; entries under
// older live versions stay searchable, and re-putting a record moves its
// entries. Persist the keyring afterwards.
func (v *Vault) AddIndex(name string, population int) (IndexPlan, uint32, error) {
	if _, ok := indexSources[name]; !ok {
		return IndexPlan{}, 0, fmt.Errorf("vault: no built-in index %q: %w", truncPath(name), ErrInvalidInput)
	}
	plan, err := PlanIndex(population)
	if err != nil {
		return IndexPlan{}, 0, err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	ver, err := v.kr.AddIndex(name, plan.Bits)
	return plan, ver, err
}

// RetireIndex destroys version ver of index name; its entries can no longer
// be found. Persist the keyring afterwards.
func (v *Vault) RetireIndex(name string, ver uint32) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.kr.RetireIndex(name, ver)
}
