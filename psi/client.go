package psi

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"

	"filippo.io/edwards25519"
	cgroup "github.com/cloudflare/circl/group"
	"github.com/cloudflare/circl/oprf"
	"github.com/cloudflare/circl/zk/dleq"

	"github.com/credq/credq/psi/internal/r255"
)

// An OPRFClient queries a server's encoded set: it blinds its items, has the
// server evaluate them, unblinds the results and looks the derived tags up in
// the set it downloaded. It learns which of its items are in the server's
// set (and their payloads in a labeled set); the server learns only how many
// items were queried.
type OPRFClient struct {
	set *EncodedSet
	cfg OPRFConfig
}

// NewOPRFClient returns a client for set. cfg.IdentifierKind must equal the
// set's, or ErrIdentifierKindMismatch is returned.
func NewOPRFClient(set *EncodedSet, cfg OPRFConfig) (*OPRFClient, error) {
	c, err := cfg.check()
	if err != nil {
		return nil, err
	}
	if set == nil {
		return nil, fmt.Errorf("%w: nil set", ErrInvalidConfig)
	}
	if set.kind != c.IdentifierKind {
		return nil, fmt.Errorf("%w (set %q, client %q)", ErrIdentifierKindMismatch, set.kind, c.IdentifierKind)
	}
	return &OPRFClient{set: set, cfg: c}, nil
}

// OPRFResult is the outcome of a query.
type OPRFResult struct {
	// Matches are the indices into the queried items of every item in the
	// server's set, ascending (each position of a duplicated item).
	Matches []int
	// Payloads[i] is the payload of the item at Matches[i] (labeled sets
	// only; nil otherwise).
	Payloads [][]byte
	Stats
}

type pendingBatch struct {
	lo, hi int
	rinv   []*edwards25519.Scalar // base mode
	fin    *oprf.FinalizeData     // verifiable mode
}

// Query runs one online session over conn for items (duplicates are
// queried once).
func (c *OPRFClient) Query(ctx context.Context, conn io.ReadWriter, items [][]byte) (*OPRFResult, error) {
	if len(items) > c.cfg.MaxItems {
		return nil, fmt.Errorf("%w: %d items (MaxItems %d)", ErrTooManyItems, len(items), c.cfg.MaxItems)
	}
	for _, it := range items {
		if len(it) > MaxOPRFInput {
			return nil, fmt.Errorf("%w: item longer than %d bytes", ErrInvalidConfig, MaxOPRFInput)
		}
	}
	uniq, uidx := dedupe(items)
	var hits []bool
	var payloads [][]byte
	st, err := converse(ctx, conn, func(conv *conversation) (err error) {
		hits, payloads, err = c.query(conv, uniq)
		return err
	})
	if err != nil {
		return nil, err
	}
	res := &OPRFResult{Matches: []int{}, Stats: st}
	for i, u := range uidx {
		if hits[u] {
			res.Matches = append(res.Matches, i)
			if c.set.labeled {
				res.Payloads = append(res.Payloads, payloads[u])
			}
		}
	}
	return res, nil
}

// dedupe returns the distinct items in order of first occurrence and, for
// each input position, the index of its item among them.
func dedupe(items [][]byte) (uniq [][]byte, uidx []int32) {
	seen := make(map[string]int32, len(items))
	uidx = make([]int32, len(items))
	for i, it := range items {
		j, ok := seen[string(it)]
		if !ok {
			j = int32(len(uniq))
			seen[string(it)] = j
			uniq = append(uniq, it)
		}
		uidx[i] = j
	}
	return uniq, uidx
}

func (c *OPRFClient) query(conv *conversation, items [][]byte) ([]bool, [][]byte, error) {
	set := c.set
	n := len(items)
	if _, err := conv.handshake(newHello(roleReceiver, set.mode, set.tagSize, set.kind, n, c.cfg.MaxItems)); err != nil {
		return nil, nil, err
	}
	p, err := conv.fr.Expect(frameKey)
	if err != nil {
		return nil, nil, readErr(conv.ctx, err, "")
	}
	if len(p) != 48 || !bytes.Equal(p[:16], set.id[:]) || !bytes.Equal(p[16:], set.pub) {
		return nil, nil, ErrKeyMismatch
	}
	var vc oprf.VerifiableClient
	if set.mode == OPRFVerifiable {
		var pk oprf.PublicKey
		if err := pk.UnmarshalBinary(oprf.SuiteRistretto255, set.pub); err != nil {
			return nil, nil, ErrKeyMismatch
		}
		vc = oprf.NewVerifiableClient(oprf.SuiteRistretto255, &pk)
	}
	pending := make(chan pendingBatch, 4)
	dst := hashToGroupDST(set.mode)
	workers := c.cfg.Workers
	ctx := conv.ctx
	conv.g.goFn(func() error {
		defer close(pending)
		for lo := 0; lo < n; lo += c.cfg.Batch {
			hi := min(lo+c.cfg.Batch, n)
			pb := pendingBatch{lo: lo, hi: hi}
			var q []byte
			if set.mode == OPRFVerifiable {
				fin, req, err := vc.Blind(items[lo:hi])
				if err != nil {
					return fmt.Errorf("psi: blinding: %w", err)
				}
				pb.fin = fin
				for _, e := range req.Elements {
					b, _ := e.MarshalBinary()
					q = append(q, b...)
				}
			} else {
				q = make([]byte, 32*(hi-lo))
				pb.rinv = make([]*edwards25519.Scalar, hi-lo)
				parallelFor(workers, hi-lo, func(_, a, b int) {
					h, _ := r255.NewHasher(dst)
					rs := make([]*edwards25519.Scalar, b-a)
					for i := range rs {
						rs[i] = randomScalar()
						pb.rinv[a+i] = edwards25519.NewScalar().Invert(rs[i])
					}
					blindBatch(q[32*a:32*b], h, items[lo+a:lo+b], rs)
				})
			}
			select {
			case pending <- pb:
			case <-ctx.Done():
				return nil
			}
			if !conv.send(frameQuery, q) {
				return nil
			}
		}
		conv.send(frameDone, done{elements: uint64(n)}.marshal())
		return nil
	})

	hits := make([]bool, n)
	var payloads [][]byte
	if set.labeled {
		payloads = make([][]byte, n)
	}
	got := 0
	for {
		t, p, err := conv.fr.ReadFrame()
		if err != nil {
			return nil, nil, frameLoopErr(conv.ctx, err)
		}
		switch t {
		case frameEval:
			var pb pendingBatch
			var ok bool
			select {
			case pb, ok = <-pending:
			case <-ctx.Done():
				return nil, nil, context.Cause(ctx)
			}
			k := pb.hi - pb.lo
			want := 32 * k
			if set.mode == OPRFVerifiable {
				want += 64
			}
			if !ok || len(p) != want {
				return nil, nil, fmt.Errorf("%w: evaluation batch does not match the query", ErrCountMismatch)
			}
			outs := make([][64]byte, k)
			if set.mode == OPRFVerifiable {
				err = c.finalizeVerifiable(vc, pb, p, outs)
			} else {
				errs := make([]error, workers)
				parallelFor(workers, k, func(w, a, b int) {
					errs[w] = finalizeBatch(outs[a:b], items[pb.lo+a:pb.lo+b], p[32*a:32*b], pb.lo+a, pb.rinv[a:b])
				})
				err = errors.Join(errs...)
			}
			if err != nil {
				return nil, nil, err
			}
			for i := range outs {
				hits[pb.lo+i] = c.match(&outs[i], pb.lo+i, payloads)
			}
			got += k
			if c.cfg.Progress != nil {
				c.cfg.Progress(Progress{Own: got})
			}
		case frameDone:
			d, err := parseDone(p)
			if err != nil {
				return nil, nil, err
			}
			if d.elements != uint64(n) || got != n {
				return nil, nil, fmt.Errorf("%w: confirmation does not match the stream", ErrCountMismatch)
			}
			return hits, payloads, nil
		default:
			return nil, nil, fmt.Errorf("psi: %w", unexpected(t, frameEval))
		}
	}
}

func (c *OPRFClient) finalizeVerifiable(vc oprf.VerifiableClient, pb pendingBatch, p []byte, outs [][64]byte) error {
	k := pb.hi - pb.lo
	els, err := circlElements(p[:32*k], pb.lo)
	if err != nil {
		return err
	}
	proof := new(dleq.Proof)
	if err := proof.UnmarshalBinary(cgroup.Ristretto255, p[32*k:]); err != nil {
		return fmt.Errorf("%w: malformed proof", ErrBadProof)
	}
	res, err := vc.Finalize(pb.fin, &oprf.Evaluation{Elements: els, Proof: proof})
	if err != nil {
		return fmt.Errorf("%w: %w", ErrBadProof, err)
	}
	for i := range outs {
		copy(outs[i][:], res[i])
	}
	return nil
}

// match looks up the tag derived from an OPRF output and, in a labeled set,
// opens the payload of the entry whose AEAD verifies into payloads[i].
func (c *OPRFClient) match(out *[64]byte, i int, payloads [][]byte) bool {
	set := c.set
	tag, key := derive(out, set.tagSize)
	lo, hi := set.lookup(tag)
	if lo == hi {
		return false
	}
	if !set.labeled {
		return true
	}
	for j := lo; j < hi; j++ {
		if pt, ok := set.open(key, tag, set.recs[j]); ok {
			payloads[i] = pt
			return true
		}
	}
	return false // a tag collision with another item
}

// randomScalar returns a uniformly random scalar (64 random bytes reduced
// mod ℓ).
func randomScalar() *edwards25519.Scalar {
	var b [64]byte
	rand.Read(b[:])
	s, _ := edwards25519.NewScalar().SetUniformBytes(b[:])
	return s
}
