package consent

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Test vectors in testdata/vectors.json let another implementation check
// itself against this one. Regenerate with
//
//	go test ./consent -run TestVectors -update
//
// Ed25519 vectors are deterministic (fixed seeds, consent IDs and nonces;
// Ed25519 signatures are deterministic), so the test also regenerates them
// and requires byte equality with the file: a format change cannot slip
// through. ML-DSA-65 signing is hedged, so those vectors are only verified.

var update = flag.Bool("update", false, "rewrite testdata/vectors.json and the fuzz seed corpora")

type vectorFile struct {
	Comment     string      `json:"comment"`
	Audience    string      `json:"audience"`
	SkewSeconds int64       `json:"skew_seconds"`
	Keys        []vectorKey `json:"issuer_keys"`
	Vectors     []vector    `json:"vectors"`
}

type vectorKey struct {
	Algorithm string `json:"algorithm"`
	Public    string `json:"public_key"`
	KeyID     string `json:"key_id"`
	Retired   bool   `json:"retired"`
}

type vector struct {
	Name         string   `json:"name"`
	Now          int64    `json:"now"`
	Revoked      []string `json:"revoked,omitempty"`
	Before       []string `json:"before,omitempty"` // presentations verified first, each must succeed
	Token        string   `json:"token"`            // armored, for reading
	Presentation string   `json:"presentation"`     // hex
	Purpose      uint8    `json:"query_purpose"`
	Scope        uint8    `json:"query_scope"`
	Body         string   `json:"query_body"` // hex
	Error        string   `json:"error"`      // sentinel name, "" for success
	Holder       string   `json:"holder,omitempty"`
	EffPurpose   uint8    `json:"effective_purpose,omitempty"`
	EffScope     uint8    `json:"effective_scope,omitempty"`
}

var sentinels = map[string]error{
	"ErrMalformed": ErrMalformed, "ErrUnknownKey": ErrUnknownKey, "ErrKeyRetired": ErrKeyRetired,
	"ErrBadSignature": ErrBadSignature, "ErrWrongAudience": ErrWrongAudience, "ErrNotYetValid": ErrNotYetValid,
	"ErrExpired": ErrExpired, "ErrStale": ErrStale, "ErrPurposeMismatch": ErrPurposeMismatch,
	"ErrScopeExceeded": ErrScopeExceeded, "ErrWidening": ErrWidening, "ErrRevoked": ErrRevoked,
	"ErrReplay": ErrReplay, "ErrUseLimit": ErrUseLimit,
}

const vectorPath = "testdata/vectors.json"

// generateVectors builds the vector file from fixed seeds.
func generateVectors(t *testing.T, algs []Algorithm) *vectorFile {
	vf := &vectorFile{
		Comment: "credq consent v1 test vectors; see consent/SPEC.md. Each vector: a fresh verifier " +
			"(audience, skew, issuer_keys, clock = now, empty stores), revoke the listed consent IDs, verify each " +
			"'before' presentation (must succeed), then verify 'presentation' against the query; the result must be " +
			"success or the named error.",
		Audience:    "bureau-1",
		SkewSeconds: int64(DefaultSkew / time.Second),
	}
	retired := testIssuer(t, AlgEd25519, "retired issuer")
	for _, alg := range []Algorithm{AlgEd25519, AlgMLDSA65, AlgHybrid} {
		k := testIssuer(t, alg, "issuer").PublicKey()
		vf.Keys = append(vf.Keys, vectorKey{alg.String(), hex.EncodeToString(k.Bytes()), k.KeyID().String(), false})
	}
	vf.Keys = append(vf.Keys, vectorKey{"Ed25519", hex.EncodeToString(retired.PublicKey().Bytes()), retired.KeyID().String(), true})

	add := func(name string, f *fixture, h *HolderKey, tok *Token, q Query, nonce string, want string) *vector {
		p := f.present(h, tok, q, nonce)
		vf.Vectors = append(vf.Vectors, vector{
			Name: name, Now: f.now.Unix(), Token: tok.String(), Presentation: hex.EncodeToString(p),
			Purpose: uint8(q.Purpose), Scope: uint8(q.Scope), Body: hex.EncodeToString(q.Body), Error: want,
		})
		v := &vf.Vectors[len(vf.Vectors)-1]
		if want == "" {
			v.Holder, v.EffPurpose, v.EffScope = tok.HolderID(), uint8(tok.Purpose()), uint8(tok.Scope())
		}
		return v
	}
	for _, alg := range algs {
		f := newFixture(t, alg)
		tok := f.issue(f.grant())
		add(alg.String()+": valid grant", f, f.grantee, tok, loanQuery(), "v1", "")
	}
	f := newFixture(t, AlgEd25519)
	tok := f.issue(f.grant())
	q := loanQuery()
	add("purpose 02 presented for 01", f, f.grantee, tok, Query{Purpose: PurposePostLoan, Scope: q.Scope}, "p", "ErrPurposeMismatch")
	add("third-party asked of a direct+financial grant", f, f.grantee, tok, Query{Purpose: q.Purpose, Scope: NewScope(ClassThirdParty)}, "s", "ErrScopeExceeded")
	stolen := add("token presented by another key holder", f, f.grantee, tok, q, "x", "ErrBadSignature")
	thief := testHolder(t, "thief")
	p, _ := signPresentation(thief.priv, tok, q, f.now, testNonce("x"))
	stolen.Presentation = hex.EncodeToString(p)
	g := f.grant()
	g.Uses = 2
	two := f.issue(g)
	rp := add("replayed presentation", f, f.grantee, two, q, "r", "ErrReplay")
	rp.Before = []string{rp.Presentation}
	once := add("one-time grant presented twice", f, f.grantee, tok, q, "o2", "ErrUseLimit")
	once.Before = []string{hex.EncodeToString(f.present(f.grantee, tok, q, "o1"))}
	rv := add("revoked consent", f, f.grantee, tok, q, "rev", "ErrRevoked")
	rv.Revoked = []string{tok.ConsentID().String()}
	g = f.grant()
	g.Audience = "bureau-2"
	add("grant for another audience", f, f.grantee, f.issue(g), q, "a", "ErrWrongAudience")

	f.now = g.NotBefore.Add(-DefaultSkew - time.Second)
	add("one second before not-before minus skew", f, f.grantee, tok, q, "nb", "ErrNotYetValid")
	f.now = g.Expiry.Add(DefaultSkew)
	add("at expiry plus skew", f, f.grantee, tok, q, "ex", "ErrExpired")
	f.now = g.Expiry.Add(DefaultSkew - time.Second)
	add("one second before expiry plus skew", f, f.grantee, tok, q, "ex2", "")
	f.now = t0
	stale := add("presentation one second older than the skew", f, f.grantee, tok, q, "st", "ErrStale")
	p, _ = f.grantee.present(tok, q, t0.Add(-DefaultSkew-time.Second), testNonce("st"))
	stale.Presentation = hex.EncodeToString(p)

	ret, err := retired.issue(f.grant(), testID("grant"), t0)
	if err != nil {
		t.Fatal(err)
	}
	add("grant signed by a retired key", f, f.grantee, ret, q, "k", "ErrKeyRetired")
	unknown, _ := testIssuer(t, AlgEd25519, "unknown issuer").issue(f.grant(), testID("grant"), t0)
	add("grant signed by an unknown key", f, f.grantee, unknown, q, "u", "ErrUnknownKey")
	raw := tok.Bytes()
	raw[1+len(tok.v.root.body)+2] ^= 0x01
	forged, _ := ParseToken(raw)
	add("grant signature bit flipped", f, f.grantee, forged, q, "f", "ErrBadSignature")
	tr := add("truncated presentation", f, f.grantee, tok, q, "t", "ErrMalformed")
	tr.Presentation = tr.Presentation[:len(tr.Presentation)-2]

	// Delegation.
	pl := f.postLoanToken()
	col := Delegation{DelegateID: "agency-1", DelegateKey: f.delegate.Public(), Purpose: PurposeDelegatedCollection,
		Scope: NewScope(ClassDirect), Expiry: t0.Add(time.Hour), Uses: 2}
	del, err := f.grantee.Delegate(pl, col)
	if err != nil {
		t.Fatal(err)
	}
	add("post-loan grant delegated to collection", f, f.delegate, del, collectionQuery(), "d", "")
	for _, w := range []struct {
		name string
		mut  func(*Delegation)
	}{
		{"delegation widens scope", func(d *Delegation) { d.Scope = NewScope(ClassDirect, ClassThirdParty) }},
		{"delegation extends expiry", func(d *Delegation) { d.Expiry = t0.Add(48 * time.Hour) }},
		{"delegation derives a forbidden purpose", func(d *Delegation) { d.Purpose = PurposeLoanApproval }},
	} {
		d := col
		w.mut(&d)
		bad, err := appendBlock(pl, f.grantee.priv, &d, d.Expiry.Unix())
		if err != nil {
			t.Fatal(err)
		}
		add(w.name, f, f.delegate, bad, Query{Purpose: d.Purpose, Scope: NewScope(ClassDirect)}, "w"+w.name, "ErrWidening")
	}
	g = f.grant()
	g.Uses = 2
	lim := f.issue(g)
	d := Delegation{DelegateID: "agency-1", DelegateKey: f.delegate.Public(), Purpose: g.Purpose, Scope: g.Scope, Uses: 3}
	more, _ := appendBlock(lim, f.grantee.priv, &d, g.Expiry.Unix())
	add("delegation with more uses than its parent", f, f.delegate, more, q, "m", "ErrWidening")
	d1, _ := f.grantee.Delegate(tok, Delegation{DelegateID: "agency-1", DelegateKey: f.delegate.Public()})
	after := add("delegation presented after the grant's one use", f, f.delegate, d1, q, "ua", "ErrUseLimit")
	after.Before = []string{hex.EncodeToString(f.present(f.grantee, tok, q, "ub"))}
	second := testHolder(t, "second delegate")
	a, _ := f.grantee.Delegate(pl, Delegation{DelegateID: "agency-1", DelegateKey: f.delegate.Public(), Uses: Recurring})
	ab, _ := f.delegate.Delegate(a, Delegation{DelegateID: "agency-1", DelegateKey: second.Public(), Uses: Recurring})
	rawAB := ab.Bytes()
	n := len(ab.v.blocks[0].body) + ed25519SigSize
	s := len(rawAB) - 2*n
	swapped, err := ParseToken(append(append(append([]byte(nil), rawAB[:s]...), rawAB[s+n:]...), rawAB[s:s+n]...))
	if err != nil {
		t.Fatal(err)
	}
	sw := add("delegation blocks swapped", f, second, ab, Query{Purpose: PurposePostLoan, Scope: NewScope(ClassDirect)}, "sw", "ErrBadSignature")
	p, _ = signPresentation(f.delegate.priv, swapped, Query{Purpose: PurposePostLoan, Scope: NewScope(ClassDirect)}, f.now, testNonce("sw"))
	sw.Presentation, sw.Token = hex.EncodeToString(p), swapped.String()
	return vf
}

func runVector(t *testing.T, vf *vectorFile, v *vector) {
	keys := NewKeySet()
	for _, k := range vf.Keys {
		alg := map[string]Algorithm{"Ed25519": AlgEd25519, "ML-DSA-65": AlgMLDSA65, "Ed25519+ML-DSA-65": AlgHybrid}[k.Algorithm]
		b, _ := hex.DecodeString(k.Public)
		pk, err := ParsePublicKey(alg, b)
		if err != nil || pk.KeyID().String() != k.KeyID {
			t.Fatalf("key %s: %v (ID %s)", k.KeyID, err, pk.KeyID())
		}
		keys.Add(pk)
		if k.Retired {
			keys.Retire(pk.KeyID())
		}
	}
	revs := NewMemoryRevocations(0)
	for _, s := range v.Revoked {
		id, err := ParseID(s)
		if err != nil {
			t.Fatal(err)
		}
		revs.Revoke(id, time.Time{})
	}
	ver, err := NewVerifier(VerifierConfig{Audience: vf.Audience, Keys: keys, Skew: time.Duration(vf.SkewSeconds) * time.Second,
		Revocations: revs, Now: func() time.Time { return time.Unix(v.Now, 0) }})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := hex.DecodeString(v.Body)
	q := Query{Purpose: Purpose(v.Purpose), Scope: Scope(v.Scope), Body: body}
	for i, s := range v.Before {
		b, _ := hex.DecodeString(s)
		if _, err := ver.Verify(context.Background(), b, q); err != nil {
			t.Fatalf("before[%d]: %v", i, err)
		}
	}
	b, _ := hex.DecodeString(v.Presentation)
	got, err := ver.Verify(context.Background(), b, q)
	if v.Error == "" {
		if err != nil {
			t.Fatalf("Verify = %v, want success", err)
		}
		if got.HolderID() != v.Holder || uint8(got.Purpose()) != v.EffPurpose || uint8(got.Scope()) != v.EffScope {
			t.Fatalf("Verified = holder %q purpose %v scope %v", got.HolderID(), got.Purpose(), got.Scope())
		}
		return
	}
	want, ok := sentinels[v.Error]
	if !ok {
		t.Fatalf("unknown error label %q", v.Error)
	}
	if !errors.Is(err, want) {
		t.Fatalf("Verify = %v, want %s", err, v.Error)
	}
}

func TestVectors(t *testing.T) {
	if *update {
		vf := generateVectors(t, []Algorithm{AlgEd25519, AlgMLDSA65, AlgHybrid})
		out, err := json.MarshalIndent(vf, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(vectorPath, append(out, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		writeFuzzSeeds(t, vf)
		writeKeySeeds(t)
	}
	data, err := os.ReadFile(vectorPath)
	if err != nil {
		t.Fatal(err)
	}
	var vf vectorFile
	if err := json.Unmarshal(data, &vf); err != nil {
		t.Fatal(err)
	}
	if len(vf.Vectors) < 25 {
		t.Fatalf("only %d vectors", len(vf.Vectors))
	}
	for i := range vf.Vectors {
		v := &vf.Vectors[i]
		t.Run(v.Name, func(t *testing.T) { runVector(t, &vf, v) })
	}
	// Reproduce the deterministic (Ed25519-only) vectors byte for byte.
	regen := generateVectors(t, []Algorithm{AlgEd25519})
	var fileEd []vector
	for _, v := range vf.Vectors {
		if v.Name != "ML-DSA-65: valid grant" && v.Name != "Ed25519+ML-DSA-65: valid grant" {
			fileEd = append(fileEd, v)
		}
	}
	a, _ := json.Marshal(fileEd)
	b, _ := json.Marshal(regen.Vectors)
	if !bytes.Equal(a, b) {
		t.Fatal("Ed25519 vectors in testdata differ from what the code produces; rerun with -update if the format changed on purpose")
	}
}

// writeFuzzSeeds writes the seed corpora of the fuzz targets from the
// vectors (go test fuzz v1 format).
func writeFuzzSeeds(t *testing.T, vf *vectorFile) {
	for i, v := range vf.Vectors {
		p, _ := hex.DecodeString(v.Presentation)
		writeSeed(t, "FuzzParsePresentation", fmt.Sprintf("vector%02d", i), p)
		if tok, err := ParseTokenText(v.Token); err == nil {
			writeSeed(t, "FuzzParseToken", fmt.Sprintf("vector%02d", i), tok.raw)
		}
	}
}

func writeKeySeeds(t *testing.T) {
	for _, alg := range []Algorithm{AlgEd25519, AlgMLDSA65, AlgHybrid} {
		pub := testIssuer(t, alg, "issuer").PublicKey().Bytes()
		content := fmt.Sprintf("go test fuzz v1\nbyte(%q)\n[]byte(%q)\n", byte(alg), pub)
		writeSeedFile(t, "FuzzParsePublicKey", "key-"+strings.ReplaceAll(alg.String(), "+", "-"), content)
	}
	writeSeedFile(t, "FuzzParseID", "id", fmt.Sprintf("go test fuzz v1\nstring(%q)\n", testID("x").String()))
	writeSeedFile(t, "FuzzParseID", "upper", fmt.Sprintf("go test fuzz v1\nstring(%q)\n", strings.ToUpper(testID("x").String())))
}

func writeSeedFile(t *testing.T, target, name, content string) {
	dir := filepath.Join("testdata", "fuzz", target)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func writeSeed(t *testing.T, target, name string, b []byte) {
	dir := filepath.Join("testdata", "fuzz", target)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	content := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", b)
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
