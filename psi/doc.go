// Package psi implements private set intersection between two institutions:
// ECDH-PSI (who is in both sets), PSI-cardinality (how many are), and an
// unbalanced, labeled OPRF-PSI for a small client against a very large
// server set. Items are opaque byte strings; callers feed normalized
// identifiers such as "cnid:v1:11010519491231002X" and name the
// normalization in Config.IdentifierKind so that parties on different
// versions fail loudly instead of silently missing every item.
//
// # Which type to use
//
//   - Two comparable sets, one party must learn the shared items:
//     [Receiver] and [Sender] (ECDH-PSI). Set Config.BothLearn on both sides
//     for the sender to learn them too.
//   - Only the number of shared items may be revealed: [CardinalityReceiver]
//     and [CardinalitySender].
//   - A bureau-sized set queried by small batches: [OPRFServer] builds an
//     [EncodedSet] once (saved with [EncodedSet.WriteTo], updated with
//     deltas), clients download it and query with [OPRFClient]; a labeled set
//     also returns a per-item payload readable only for items the client
//     holds.
//   - Two large sets of similar size, speed first: [OTReceiver] and
//     [OTSender] (OT-extension PSI, KKRT16), symmetric cryptography per
//     item; the receiver learns the shared items, the sender only the
//     receiver's set size. About 100× less CPU than ECDH-PSI (10⁵ × 10⁵:
//     0.36 against 35 CPU-seconds on the 2-core project machine).
//
// Every session runs over any io.ReadWriter (net.Conn, tls.Conn, net.Pipe).
// Use an authenticated, encrypted channel (TLS with client certificates):
// this package authenticates nothing about the peer's identity.
//
// # Never hash identifiers without a key
//
// Identity-card numbers (≈ 2³⁷ valid values) and mobile numbers (≈ 2³³) can
// be enumerated in hours, so exchanging plain or salted hashes of them
// reveals the whole set. This package therefore offers no unkeyed mode:
// every value that leaves a party is masked with a secret scalar that is
// fresh per session (ECDH-PSI) or held by the server (OPRF).
//
// # ECDH-PSI message flow
//
// H is hash-to-group with the suite ristretto255_XMD:SHA-512_R255MAP_RO_
// (RFC 9380 Appendix B) under a domain-separation tag made of a fixed label
// and the hash of both handshake frames, which carry 32 bytes of fresh
// randomness from each party. a and b are fresh random scalars.
//
//	Receiver (items x₁…xₙ)                       Sender (items y₁…yₘ)
//	hello(protocol, version, role, kind,  ──────▶
//	      n, cap, tag size, flags, rand)  ◀──────  hello(…, m, cap, …, rand)
//	a·H(xᵢ) for all i, in batches         ──────▶
//	                                      ◀──────  b·H(y_π(j)) for all j, shuffled
//	                                      ◀──────  tag(b·(a·H(xᵢ))) in order of i
//	[both learn: tag(a·(b·H(y_π(j))))     ──────▶]
//	done(counts)                          ──────▶
//	                                      ◀──────  done(counts)
//
// Both parties compute their first stream at once; all streams are batched
// frames (encoding.FrameWriter) produced by a worker pool while the previous
// batch is on the wire. tag(P) is SHA-256(label ‖ transcript ‖ encode(P))
// truncated to Config.TagSize bytes (default 12, at least 10): the receiver
// matches tag(b·a·H(xᵢ)) against tag(a·b·H(yⱼ)). A false match between
// distinct items has probability at most n·m / 2^(8·TagSize), 2⁻⁵⁶ for
// 10⁶ × 10⁶ items at the default. On the wire a receiver-learns session
// costs 32 + 32 + TagSize bytes per item pair (76 at the default).
//
// PSI-cardinality is the same flow with the sender's tag stream shuffled and
// sent only after all of the receiver's elements arrived, so the receiver
// learns |X ∩ Y| and nothing about which of its items matched.
//
// # Unbalanced OPRF-PSI message flow
//
// F(k, y) is the RFC 9497 OPRF with suite ristretto255-SHA512 (mode 0x00,
// or 0x01 for [OPRFVerifiable]). Offline, the server computes F(skS, y) for
// each of its items and publishes the [EncodedSet]: tag(y) =
// SHA-512("credq-psi-v1 oprf entry" ‖ F(skS, y))[:TagSize] (default 8
// bytes) and, in a labeled set, payload(y) sealed with ChaCha20-Poly1305
// under the last 32 bytes of the same hash. Online, per client session:
//
//	Client (items x₁…xₙ, downloaded set)          Server (skS)
//	hello(…, n, verifiable flag, tag size) ──────▶
//	                                       ◀──────  hello, key frame(key ID, pkS)
//	check key ID and pkS against the set
//	rᵢ·H(xᵢ) in batches                    ──────▶
//	                                       ◀──────  skS·rᵢ·H(xᵢ) [+ DLEQ proof per batch]
//	done(n)                                ──────▶
//	                                       ◀──────  done(n)
//	F(skS, xᵢ) = Finalize(xᵢ, rᵢ⁻¹·skS·rᵢ·H(xᵢ)); look tag(xᵢ) up; open payload
//
// The client's blinding hides its items from the server (the server learns
// n); the client learns F only on items it queried, so the encoded set tells
// it nothing about other items. The key ID binds the online session to the
// set: a rotated key fails with [ErrKeyMismatch]. Sets are updated with
// [OPRFServer.Delta] and [EncodedSet.Apply]; [EncodedSet.Epoch] counts
// applied deltas. Entries are sorted, so the artefact does not reveal the
// server's input order. An unlabeled entry costs TagSize bytes; a labeled
// one TagSize + 2 + 12 (nonce) + 16 (AEAD tag) + len(payload).
//
// # OT-extension PSI message flow
//
// [OTReceiver] and [OTSender] implement the batched oblivious PRF of
// Kolesnikov, Kumaresan, Rosulek and Trieu ("Efficient Batched Oblivious
// PRF with Applications to Private Set Intersection", CCS 2016, KKRT16) on
// IKNP-style OT extension (Ishai, Kilian, Nissim, Petrank, CRYPTO 2003) with
// 440 base OTs by the "simplest OT" of Chou and Orlandi (LATINCRYPT 2015)
// over ristretto255. Items are first hashed to 120-bit digests (SHA-256);
// the receiver places its n₁ digests by cuckoo hashing (3 hash functions
// under a seed it draws, m = 1.27·n₁ bins, no stash); the sender
// evaluates the OPRF of every own digest at each of its 3 bins (simple
// hashing), with the hash index as part of the input.
//
//	Receiver (n₁ distinct items)                 Sender (n₂ distinct items)
//	hello(protoOT, …, n₁, rand)           ──────▶
//	                                      ◀──────  hello(…, n₂, rand)
//	cuckoo seed [16]                      ──────▶
//	base OT: A = a·G                      ──────▶
//	                                      ◀──────  B_i = b_i·G + s_i·A, i < 440
//	rows u_j = t0_j ⊕ t1_j ⊕ C(x_j),      ──────▶  q_j = PRG(K_{s_i})_j ⊕ (u_j ∧ s)
//	  8192 bins per frame                           = t0_j ⊕ (C(x_j) ∧ s)
//	done(m)                               ──────▶
//	                                      ◀──────  all 3·n₂ outputs H(q_b ⊕ (C(y‖k) ∧ s)),
//	                                                sorted, compact
//	                                      ◀──────  done(3·n₂)
//	match: H(t0_j) of own items against the sorted outputs (a merge)
//
// C is a pseudorandom code (AES-128 under a key from the transcript,
// 440-bit codewords: two distinct codewords are closer than the 128 bits
// KKRT16 requires with probability 2⁻⁶², ≤ 2⁻⁴⁰ over a 10⁶-item session),
// the PRGs are AES-128-CTR under the base-OT keys, H is SHA-256 of the
// 55-byte row. Outputs are truncated to ℓ = 40 + log₂(3·n₁·n₂) bits (at
// least 64 + log₂(3·n₂) − 4), so any false match happens with probability
// ≤ 2⁻⁴⁰. The sender sends them in ascending order — which reveals nothing
// beyond the set of outputs, unlike the order of computation (bin order) —
// as buckets of their high bits: per frame, uvarint bucket count R, R
// uvarint counts, then the 64-bit low words (about 8.1 bytes per output
// instead of ⌈ℓ/8⌉). On the wire a session costs 55·1.27·n₁ bytes of rows
// plus ≈ 3·8.1·n₂ bytes of outputs: 94 bytes per item at 10⁶ × 10⁶.
//
// The receiver hashes its set before the handshake, removing duplicates on
// the way (a copy of a placed item is always in one of its three bins).
// Published estimates put the chance that cuckoo hashing fails for a given
// seed at these parameters below 2⁻⁴⁰ for large n (Pinkas, Schneider,
// Zohner, ToPS 2018); a local experiment saw no failure in 125 000 to 200
// placements of 16 to 10 000 items. On a failure the receiver draws another
// seed (16 in all), so the seed the sender sees is one that did not fail
// for the receiver's set — all a retry reveals; 16 failures in a row end
// the session with an error. Config.BothLearn
// is not supported by this protocol, and Config.TagSize and Batch do not
// apply to it.
//
// Security (semi-honest): the sender learns n₁ (from the handshake and the
// m rows, which are uniformly masked by PRG(K_{1−s_i}) it does not hold);
// the receiver learns the intersection, n₂ and 3·n₂ pseudorandom values
// that tell it nothing about items it does not hold. CO15's UC-security
// claim was shown to be flawed (Genç, Iovino, Rial 2017; Byali et al.
// 2017); it is secure against semi-honest parties, and the keys hash A and
// B_i as those papers recommend. Against a malicious party KKRT16 gives no
// guarantees; the implementation still validates every element, length,
// count and order it receives. The PRG keys and the sender's choice bits are
// secret: on amd64 the AES and SHA-256 work runs in constant-time AES-NI and
// SHA-NI code; elsewhere it falls back to crypto/aes, whose portable
// implementation uses lookup tables.
//
// Measured on the shared 2-core project machine (BenchmarkOTPSI: both
// parties in one process over loopback TCP, 50% overlap, medians of 5,
// alternating with optable/match v1.4.0 KKRT on the same sets): 10⁵ × 10⁵
// in 0.22 s (optable 0.59 s), 10⁶ × 10⁶ in 1.44 s and 2.6 CPU-seconds for
// both parties (optable 5.4 s), 94 bytes per item (optable 114), peak live
// heap 0.43 GB including the test sets; 10⁷ × 10⁷ in 18–20 s (29–34
// CPU-seconds), 4.5 GB heap, 97 bytes per item.
//
// Scaling across machines: both parties can split their sets into k buckets
// by a keyed hash of the item agreed out of band (e.g. the first bits of
// HMAC(shared key, item)) and run k independent sessions, one per bucket
// pair, on k machines; the union of the results is the intersection.
// Bucket sizes then leak to the peer (they are announced), which for
// uniformly keyed buckets reveals only n up to sampling noise.
//
// # Wire formats
//
// All sessions are sequences of frames (encoding.FrameWriter: type u8,
// length u32, payload). Frame types: 1 hello, 2 masked elements (k·32
// bytes), 3 tags (k·TagSize bytes), 4 done (elements u64 | tags u64), 5 OPRF
// query (k·32), 6 OPRF evaluation (k·32 [+ 64-byte proof]), 7 key
// (key ID [16] | pkS [32]); 1 ≤ k ≤ MaxBatch. OT-extension PSI uses 8
// base-OT A [32], 9 base-OT B (440·32), 10 cuckoo seed [16], 11 rows
// (bins·55, 8192 bins per frame but the last), 12 sorted outputs (see
// above), with the hello (protocol 4) and done as above. The hello is protocol u8 |
// version u16 | role u8 | flags u8 | tag size u8 | identifier kind String8 |
// set size u64 | cap u64 | randomness [32]; protocol and version are
// checked first. The encoded-set file and the delta layouts are documented
// on [EncodedSet] and [Delta]. The version of each format is [Version]
// (sessions) or a field of the artefact, and changes with any layout change.
//
// # Performance
//
// The ristretto255 arithmetic runs on filippo.io/edwards25519 (measured 1.4×
// faster than circl's backend for scalar multiplication on the project
// machine) with a batched encoding that shares one inversion per batch. On
// amd64 with AVX2 the batch work runs four items per instruction stream
// (psi/internal/r255): the multiplications by the session key (about 2×
// faster per item than one at a time), and hash-to-group and decoding,
// whose inverse square roots run four at a time (about 1.5× and 1.8×
// faster per item; the r255 package doc names the benchmarks). Every batch
// path is tested byte for byte against the per-element code, which is
// itself tested against circl and the RFC vectors. ECDH-PSI costs per item
// pair: 2 hash-to-group, 4 scalar multiplications, 2 decodings, 4 batched
// encodings and 2 tag hashes, spread over Config.Workers goroutines per
// party; the package benchmarks and the bench harness report the run time
// next to the bound those counts give on the per-operation CPU costs
// measured in the same run (psi/cost). That bound is an estimate from
// single-core micro-measurements, so a run can come out a few percent under
// it.
//
// Measured by go run ./bench on the 2-core project VM (both parties in one
// process, loopback TCP, 10% overlap; bench/results/2026-11-22-vm.md):
// ECDH-PSI 10⁶ × 10⁶ in 83.3 s (bound 82.3 s; 162.5 CPU-seconds for both
// parties), 38 bytes on the wire per item per side, 380 bytes allocated per
// item, peak live heap 569 MiB with the 2·10⁶ input items; cardinality
// 80.8 s; 10⁵ × 10⁵ in 8.5 s; 2.4× faster than optable/match DHPSI at 10⁵.
// Unbalanced: 10⁶-item server precompute 23.2 s (43 000 items/s, 8 bytes
// per item in the encoded set); a 10⁴-item online query 1.30 s.
//
// # What each side learns (semi-honest model)
//
// Both parties follow the protocol but may analyze what they see. The
// receiver learns the intersection (or only its size) and the sender's set
// size; the sender learns the receiver's set size (and the intersection when
// both learn). Nothing else follows under the decisional Diffie–Hellman
// assumption in ristretto255 with H modeled as a random oracle. A malicious
// party can deviate (e.g. send elements for items it does not hold, or lie
// about results in both-learn mode); the package checks what can be checked
// — canonical non-identity elements, announced counts, caps, a final
// confirmation — but does not prove honest behaviour.
//
// # Duplicates
//
// Each party removes exact duplicates from its input before the protocol
// (repeated values would otherwise be visible as repeated masked elements).
// Set sizes in the handshake and Stats.PeerSize count distinct items; a
// duplicated item that matches appears at each of its positions in
// Result.Matches; CountResult.Count counts distinct shared items.
//
// # Failures
//
// A session either returns the complete result or an error: it ends with a
// confirmation frame carrying the counts of everything sent, so a stream cut
// short is an error (matching encoding.ErrTruncated), never a partial
// result. Peer misbehaviour maps to the sentinels in errors.go. Cancelling
// the context interrupts blocked I/O by setting a past deadline on conns that
// have SetDeadline (closing others that are io.Closers); the call returns
// only after all its goroutines have stopped. After an error the conn is not
// usable.
package psi
