package main

import (
	"bufio"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/credq/credq/consent"
	"github.com/credq/credq/credit"
	"github.com/credq/credq/credit/synth"
	"github.com/credq/credq/credit/vault"
	"github.com/credq/credq/examples/lender/api"
	"github.com/credq/credq/examples/lender/store"
)

// child is a running "lender serve" process.
type child struct {
	cmd    *exec.Cmd
	client *api.Client
}

// startServe runs the binary's serve command on the given files and waits
// for its listening line.
func startServe(t *testing.T, bin, dir string, issuer *consent.Issuer) *child {
	t.Helper()
	cmd := exec.Command(bin, "serve",
		"--db", filepath.Join(dir, "lender.db"),
		"--listen", "127.0.0.1:0",
		"--institution", "bureau-durable",
		"--identity", filepath.Join(dir, "root.identity"),
		"--admin-token-file", filepath.Join(dir, "admin.token"),
		"--population", "1000",
		"--issuer", "ed25519:"+hex.EncodeToString(issuer.PublicKey().Bytes()))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("serve printed no listening line: %v", err)
	}
	_, rest, ok := strings.Cut(line, "listening on ")
	if !ok {
		t.Fatalf("unexpected first line from serve: %q", line)
	}
	base, _, _ := strings.Cut(rest, " ")
	tok, err := os.ReadFile(filepath.Join(dir, "admin.token"))
	if err != nil {
		t.Fatal(err)
	}
	return &child{cmd: cmd, client: &api.Client{BaseURL: base, AdminToken: strings.TrimSpace(string(tok))}}
}

// TestServeSurvivesSIGKILL builds the binary, loads records into a serve
// child process on SQLite, kills it with SIGKILL in the middle of a load,
// restarts it on the same database, and checks that every stored record
// opens completely and equals what was sent (no partial record is readable
// as whole), every acknowledged record is there, and the inquiry log still
// verifies end to end and extends the checkpoint taken before the crash.
func TestServeSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs child processes")
	}
	ctx := context.Background()
	dir := t.TempDir()
	bin := filepath.Join(dir, "lender")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	issuer, err := consent.GenerateIssuer(consent.AlgEd25519)
	if err != nil {
		t.Fatal(err)
	}
	root, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "root.identity"), []byte(root.String()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	c := startServe(t, bin, dir, issuer)
	recs := synth.New(99, time.Now()).Records(400)
	sent := map[string]*credit.Record{}
	for i, r := range recs {
		r.ID = fmt.Sprintf("dur-%04d", i)
		sent[r.ID] = r
	}
	// A few records and queries before the crash, so the log has entries.
	if _, err := c.client.Load(ctx, recs[:10]); err != nil {
		t.Fatal(err)
	}
	holder, _ := consent.GenerateHolderKey()
	rid, _ := age.GenerateX25519Identity()
	var refs []consent.SubjectRef
	for _, r := range recs[:3] {
		ref, err := c.client.SubjectRef(ctx, r.Identity.IDNumber)
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, ref)
	}
	grant := func(ref consent.SubjectRef) *consent.Token {
		tok, err := issuer.Issue(consent.Grant{Subject: ref, GranteeID: "lender", GranteeKey: holder.Public(), Audience: "bureau-durable",
			Purpose: consent.PurposeLoanApproval, Scope: consent.NewScope(consent.ClassFinancial), Expiry: time.Now().Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	query := api.QueryRequest{Purpose: "02", Scope: "financial", Recipient: rid.Recipient().String()}
	for _, ref := range refs {
		if _, _, err := c.client.QueryAndOpen(ctx, holder, grant(ref), query, rid); err != nil {
			t.Fatalf("query before the crash: %v", err)
		}
	}
	before, err := c.client.Audit(ctx)
	if err != nil || before.Entries != 3 {
		t.Fatalf("Audit before the crash = %+v, %v", before, err)
	}

	// Load the rest in batches from two goroutines; kill the server while
	// they are in flight.
	var (
		mu    sync.Mutex
		acked []string
		wg    sync.WaitGroup
	)
	batches := make(chan []*credit.Record)
	go func() {
		for i := 10; i < len(recs); i += 15 {
			batches <- recs[i:min(i+15, len(recs))]
		}
		close(batches)
	}()
	// Queries keep running during the load, so the kill may also land in
	// the middle of an inquiry-log append.
	tokens := make([]*consent.Token, 60)
	for i := range tokens {
		tokens[i] = grant(refs[i%len(refs)])
	}
	var queried int
	wg.Go(func() {
		for _, tok := range tokens {
			if _, _, err := c.client.QueryAndOpen(ctx, holder, tok, query, rid); err != nil {
				return // the server died
			}
			queried++
		}
	})
	firstAck := make(chan struct{})
	var once sync.Once
	for range 2 {
		wg.Go(func() {
			for b := range batches {
				out, err := c.client.Load(ctx, b)
				if err != nil {
					return // the server died
				}
				mu.Lock()
				acked = append(acked, out.IDs...)
				mu.Unlock()
				once.Do(func() { close(firstAck) })
			}
		})
	}
	select {
	case <-firstAck:
	case <-time.After(60 * time.Second):
		t.Fatal("no load batch was acknowledged")
	}
	time.Sleep(150 * time.Millisecond)
	if err := c.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = c.cmd.Wait()
	wg.Wait()
	for range batches { // drain the feeder
	}
	mu.Lock()
	nAcked := len(acked)
	mu.Unlock()
	if nAcked+10 >= len(recs) {
		t.Fatalf("the load finished before the kill (%d acknowledged); the test did not crash mid-load", nAcked)
	}

	// Restart on the same database: it serves, and the log verifies.
	c2 := startServe(t, bin, dir, issuer)
	if h, err := c2.client.Health(ctx); err != nil || h.Status != "ok" {
		t.Fatalf("Health after restart = %+v, %v", h, err)
	}
	after, err := c2.client.Audit(ctx)
	if err != nil || !after.Verified || after.Entries < before.Entries {
		t.Fatalf("Audit after restart = %+v, %v", after, err)
	}
	_ = c2.cmd.Process.Signal(syscall.SIGTERM)
	_ = c2.cmd.Wait()

	// Inspect the database directly with the root identity.
	db, err := store.Open(ctx, filepath.Join(dir, "lender.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sealed, err := db.Meta(ctx, store.MetaKeyring)
	if err != nil {
		t.Fatal(err)
	}
	kr, err := vault.OpenKeyring(sealed, root)
	if err != nil {
		t.Fatal(err)
	}
	v, err := vault.New(vault.Config{Keyring: kr, Store: db.Vault()})
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]bool{}
	for after := ""; ; {
		ids, err := db.Vault().RecordIDs(ctx, after, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) == 0 {
			break
		}
		for _, id := range ids {
			got, err := v.Get(ctx, id)
			if err != nil {
				t.Fatalf("stored record does not open completely: %v", err)
			}
			want, ok := sent[id]
			if !ok {
				t.Fatalf("stored record %s was never sent", id)
			}
			gj, _ := json.Marshal(got)
			wj, _ := json.Marshal(want)
			if string(gj) != string(wj) {
				t.Fatalf("stored record %s differs from the one sent", id)
			}
			stored[id] = true
		}
		after = ids[len(ids)-1]
	}
	for _, id := range append(acked, ids(recs[:10])...) {
		if !stored[id] {
			t.Fatalf("acknowledged record %s is missing after the crash", id)
		}
	}
	head, err := hex.DecodeString(before.Head)
	if err != nil || len(head) != 32 {
		t.Fatal("bad checkpoint head")
	}
	cp := credit.Checkpoint{Len: before.Entries}
	copy(cp.Head[:], head)
	if err := credit.NewLog(db.Log()).Verify(ctx, cp); err != nil {
		t.Fatalf("inquiry log after the crash: %v", err)
	}
	if after.Entries < before.Entries+uint64(queried) {
		t.Fatalf("log has %d entries after the crash; %d were acknowledged", after.Entries, before.Entries+uint64(queried))
	}
	t.Logf("killed mid-load: %d of %d records acknowledged, %d stored (each whole); %d queries answered during the load; log of %d entries verifies",
		nAcked+10, len(recs), len(stored), queried, after.Entries)
}

func ids(recs []*credit.Record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.ID
	}
	return out
}
