package psi

import (
	"context"
	"errors"
	"fmt"
	"io"

	"filippo.io/edwards25519"
	cgroup "github.com/cloudflare/circl/group"
	"github.com/cloudflare/circl/oprf"

	"github.com/credq/credq/psi/internal/r255"
)

// ErrBadProof means a verifiable-mode evaluation carried a DLEQ proof that
// does not verify against the encoded set's public key.
var ErrBadProof = errors.New("psi: server's evaluation proof does not verify")

// --- RFC 9497 primitives on the r255 backend (OPRF and VOPRF share them;
// only the DST differs) ---

// blindBatch writes encode(r_i·H(x_i)) for each item (RFC 9497 §3.3.1 Blind).
func blindBatch(dst []byte, h *r255.Hasher, items [][]byte, rs []*edwards25519.Scalar) {
	pts := make([]r255.Element, len(items))
	h.HashBatch(pts, items)
	for i := range pts {
		pts[i].ScalarMult(rs[i], &pts[i])
	}
	for i := range pts {
		pts[i].Encode(dst[32*i : 32*i])
	}
}

// evalBatch writes encode(skS·B_i) for each blinded element (BlindEvaluate),
// rejecting non-canonical encodings and the identity; first is the index of
// in's first element in the client's stream, for the error.
func evalBatch(dst, in []byte, first int, half *edwards25519.Scalar) error {
	pts := make([]r255.Element, len(in)/32)
	if err := decodeElements(pts, in, first); err != nil {
		return err
	}
	scalarMultEncode(dst, pts, half)
	return nil
}

// finalizeBatch computes the OPRF outputs of items from evaluated elements
// Z_i: SHA-512 Finalize over encode(r_i⁻¹·Z_i) (RFC 9497 §3.3.1); first is
// the index of items[0] in the query, for the error.
func finalizeBatch(outs [][64]byte, items [][]byte, evals []byte, first int, rinv []*edwards25519.Scalar) error {
	pts := make([]r255.Element, len(items))
	if err := decodeElements(pts, evals, first); err != nil {
		return err
	}
	enc := make([]byte, 0, 32)
	for i := range pts {
		pts[i].ScalarMult(rinv[i], &pts[i])
		enc = pts[i].Encode(enc[:0])
		oprfFinalize(&outs[i], items[i], enc)
	}
	return nil
}

func circlKey(k *OPRFKey) (*oprf.PrivateKey, error) {
	var ck oprf.PrivateKey
	if err := ck.UnmarshalBinary(oprf.SuiteRistretto255, k.s.Bytes()); err != nil {
		return nil, ErrBadKey
	}
	return &ck, nil
}

// circlElements decodes the elements of in for circl, rejecting them as
// decodeElements does; first is the index of in's first element in the
// peer's stream, for the error.
func circlElements(in []byte, first int) ([]cgroup.Element, error) {
	els := make([]cgroup.Element, len(in)/32)
	for i := range els {
		if _, err := new(r255.Element).DecodeNonIdentity(in[32*i : 32*i+32]); err != nil {
			return nil, fmt.Errorf("%w: element %d: %w", ErrInvalidElement, first+i, err)
		}
		els[i] = cgroup.Ristretto255.NewElement()
		if err := els[i].UnmarshalBinary(in[32*i : 32*i+32]); err != nil {
			return nil, fmt.Errorf("%w: element %d", ErrInvalidElement, first+i)
		}
	}
	return els, nil
}

// Serve answers one client session over conn: it evaluates the client's
// blinded elements with the key (adding a DLEQ proof per batch in
// verifiable mode). The server learns only how many items the client
// queried.
func (s *OPRFServer) Serve(ctx context.Context, conn io.ReadWriter) (*Stats, error) {
	var n int
	st, err := converse(ctx, conn, func(c *conversation) (err error) {
		n, err = s.serve(c)
		return err
	})
	st.PeerSize = n
	if err != nil {
		return nil, err
	}
	return &st, nil
}

func (s *OPRFServer) serve(c *conversation) (int, error) {
	peer, err := c.handshake(newHello(roleSender, s.key.mode, s.cfg.TagSize, s.cfg.IdentifierKind, 0, s.cfg.MaxItems))
	if err != nil {
		return 0, err
	}
	n := int(peer.setSize)
	if !c.send(frameKey, append(s.key.id[:], s.key.pub...)) {
		return n, context.Cause(c.ctx)
	}
	half := r255.HalfScalar(s.key.s)
	var vs oprf.VerifiableServer
	if s.key.mode == OPRFVerifiable {
		ck, err := circlKey(s.key)
		if err != nil {
			return n, err
		}
		vs = oprf.NewVerifiableServer(oprf.SuiteRistretto255, ck)
	}
	recv := 0
	for {
		t, p, err := c.fr.ReadFrame()
		if err != nil {
			return n, frameLoopErr(c.ctx, err)
		}
		switch t {
		case frameQuery:
			k, err := batchCount(p, 32, "query")
			if err != nil {
				return n, err
			}
			if recv+k > n {
				return n, fmt.Errorf("%w: more than the %d items announced", ErrCountMismatch, n)
			}
			first := recv
			recv += k
			var out []byte
			if s.key.mode == OPRFVerifiable {
				out, err = verifiableEval(vs, p, first)
			} else {
				out = make([]byte, len(p))
				errs := make([]error, s.cfg.Workers)
				parallelFor(s.cfg.Workers, k, func(w, lo, hi int) {
					errs[w] = evalBatch(out[32*lo:32*hi], p[32*lo:32*hi], first+lo, half)
				})
				err = errors.Join(errs...)
			}
			if err != nil {
				return n, err
			}
			if !c.send(frameEval, out) {
				return n, context.Cause(c.ctx)
			}
			if s.cfg.Progress != nil {
				s.cfg.Progress(Progress{Peer: recv})
			}
		case frameDone:
			d, err := parseDone(p)
			if err != nil {
				return n, err
			}
			if d.elements != uint64(n) || recv != n || d.tags != 0 {
				return n, fmt.Errorf("%w: confirmation does not match the stream", ErrCountMismatch)
			}
			c.send(frameDone, done{elements: uint64(n)}.marshal())
			return n, nil
		default:
			return n, fmt.Errorf("psi: %w", unexpected(t, frameQuery))
		}
	}
}

func verifiableEval(vs oprf.VerifiableServer, p []byte, first int) ([]byte, error) {
	els, err := circlElements(p, first)
	if err != nil {
		return nil, err
	}
	ev, err := vs.Evaluate(&oprf.EvaluationRequest{Elements: els})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidElement, err)
	}
	out := make([]byte, 0, len(p)+64)
	for _, e := range ev.Elements {
		b, err := e.MarshalBinary()
		if err != nil {
			return nil, err
		}
		out = append(out, b...)
	}
	proof, err := ev.Proof.MarshalBinary()
	if err != nil {
		return nil, err
	}
	return append(out, proof...), nil
}
