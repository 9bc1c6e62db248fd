// Package cost measures, on the current machine and in current conditions,
// the single-core cost of each group operation that package psi performs, and
// turns operation counts into a lower bound on a protocol's running time.
//
// Benchmarks and the bench harness report a PSI run next to this bound
// measured in the same process run, so the ratio stays meaningful on a
// shared, noisy machine. The operations are the exact implementations psi
// uses (ristretto255 on filippo.io/edwards25519, RFC 9380 hash-to-group,
// batched double-and-encode), not a model of them.
package cost

import (
	"crypto/sha256"
	"strconv"
	"time"

	"filippo.io/edwards25519"

	"github.com/credq/credq/psi/internal/r255"
)

// Costs is the measured single-core time of one of each operation: CPU time
// where the platform reports it (unix), wall time elsewhere.
type Costs struct {
	HashToGroup    time.Duration // RFC 9380 hash_to_group of a short identifier, per item of a batch of 256
	ScalarMult     time.Duration // variable-base scalar multiplication, per point of a batch of 256 under one scalar
	ScalarMultEach time.Duration // variable-base scalar multiplication with a scalar of its own (OPRF blinding)
	Decode         time.Duration // canonical decode with identity check, per element of a batch of 256
	Encode         time.Duration // encode, amortized over a batch of 1024
	Hash           time.Duration // SHA-256 of an 80-byte input (tag derivation)
}

// Measure times each operation over n iterations (n ≤ 0 selects 2000).
func Measure(n int) Costs {
	if n <= 0 {
		n = 2000
	}
	h, _ := r255.NewHasher([]byte("credq-cost-v1"))
	var c Costs
	// psi hashes and decodes whole batches with r255.HashBatch and
	// r255.DecodeBatch (four inverse square roots per AVX2 instruction
	// stream where available): time them the same way, per item.
	const batch = 256
	msgs := make([][]byte, n)
	for i := range msgs {
		msgs[i] = []byte("cnid:v1:" + strconv.Itoa(1e17+i))
	}
	hashed := make([]r255.Element, batch)
	t0 := clock()
	for lo := 0; lo < n; lo += batch {
		h.HashBatch(hashed, msgs[lo:min(lo+batch, n)])
	}
	c.HashToGroup = (clock() - t0) / time.Duration(n)
	var kb [64]byte
	kb[0] = 7
	k, _ := edwards25519.NewScalar().SetUniformBytes(kb[:])
	// psi multiplies whole batches by one key with r255.ScalarMultBatch
	// (four points per AVX2 instruction stream where available).
	const smBatch = 256
	sm := make([]*r255.Element, smBatch)
	for i := range sm {
		sm[i] = h.Hash(new(r255.Element), []byte("cnid:v1:"+strconv.Itoa(2e17+i)))
	}
	smRounds := max(1, n/smBatch)
	t0 = clock()
	for range smRounds {
		r255.ScalarMultBatch(k, sm)
	}
	c.ScalarMult = (clock() - t0) / time.Duration(smRounds*smBatch)
	// The OPRF client blinds and unblinds each item with a scalar of its
	// own, one multiplication at a time.
	each := max(1, n/4)
	t0 = clock()
	for i := range each {
		sm[i%smBatch].ScalarMult(k, sm[i%smBatch])
	}
	c.ScalarMultEach = (clock() - t0) / time.Duration(each)
	// Distinct valid encodings, as a peer sends.
	var encs []byte
	for i := range batch {
		encs = h.Hash(new(r255.Element), []byte(strconv.Itoa(3e17+i))).Encode(encs)
	}
	decRounds := max(1, n/batch)
	t0 = clock()
	for range decRounds {
		r255.DecodeBatch(hashed, encs)
	}
	c.Decode = (clock() - t0) / time.Duration(decRounds*batch)
	const encBatch = 1024
	pts := make([]*r255.Element, encBatch)
	for i := range pts {
		pts[i] = h.Hash(new(r255.Element), []byte(strconv.Itoa(i)))
	}
	out := make([]byte, r255.ElementSize*encBatch)
	var s r255.BatchScratch
	rounds := max(1, n/encBatch)
	t0 = clock()
	for range rounds {
		r255.DoubleEncodeBatch(out, pts, &s)
	}
	c.Encode = (clock() - t0) / time.Duration(rounds*encBatch)
	buf := make([]byte, 80)
	t0 = clock()
	for range n {
		sha256.Sum256(buf)
	}
	c.Hash = (clock() - t0) / time.Duration(n)
	return c
}

// ECDH returns the least time both parties of an ECDH-PSI or cardinality
// session with n and m items need together on cores cores: each party hashes,
// masks and encodes its own items, then decodes, re-masks, encodes and hashes
// the peer's.
func (c Costs) ECDH(n, m, cores int) time.Duration {
	own := c.HashToGroup + c.ScalarMult + c.Encode
	peer := c.Decode + c.ScalarMult + c.Encode + c.Hash
	return time.Duration(n+m) * (own + peer) / time.Duration(max(cores, 1))
}

// OPRFOnline returns the least time of the online phase of an unbalanced
// OPRF query of m items on cores cores: the client hashes, blinds (a scalar
// per item) and encodes; the server decodes, evaluates (one key for the
// batch) and encodes; the client decodes, unblinds (a scalar per item),
// encodes and hashes.
func (c Costs) OPRFOnline(m, cores int) time.Duration {
	per := c.HashToGroup + 2*c.ScalarMultEach + c.ScalarMult + 3*c.Encode + 2*c.Decode + c.Hash
	return time.Duration(m) * per / time.Duration(max(cores, 1))
}
