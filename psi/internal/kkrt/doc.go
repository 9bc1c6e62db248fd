// Package kkrt implements the mechanism of the KKRT16 batched oblivious PRF
// and the PSI built on it: Chou–Orlandi base OTs over ristretto255,
// IKNP-style OT extension with a pseudorandom code, cuckoo hashing, the
// bit-matrix transposes and the compact encoding of OPRF outputs. It does
// no I/O: package psi frames its messages and runs the sessions.
//
// A session, as package psi drives it (receiver R, sender S):
//
//   - both: Digests of the items; R: Place (cuckoo table, seed, duplicates);
//     S: Dedup.
//   - base OTs: R NewBaseSender → A; S BaseReceive(A, random choice s) → B;
//     R BaseSender.Keys(B) → both keys of each of the CodeBits OTs.
//   - S: SimpleHash under the receiver's seed (NewHasher).
//   - per batch of BatchBins bins: R Receiver.Batch → rows u and its own
//     outputs; S Sender.Batch(u) → outputs of its (item, hash) entries.
//   - S: SortOutputs, then FrameSpan/AppendValues per frame; R: ParseValues
//     per frame and Matcher.Next for each output, after NewMatcher.
//
// Output lengths follow HiBits; the wire forms are PutRow/GetRow (rows) and
// AppendValues/ParseValues (outputs).
//
// References: Kolesnikov, Kumaresan, Rosulek, Trieu, "Efficient Batched
// Oblivious PRF with Applications to Private Set Intersection", CCS 2016
// (KKRT16); Ishai, Kilian, Nissim, Petrank, "Extending Oblivious Transfers
// Efficiently", CRYPTO 2003 (IKNP03); Chou, Orlandi, "The Simplest Protocol
// for Oblivious Transfer", LATINCRYPT 2015 (CO15).
package kkrt
