package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"time"

	"filippo.io/age"

	"github.com/credq/credq/consent"
	"github.com/credq/credq/credit"
	"github.com/credq/credq/examples/lender/api"
	"github.com/credq/credq/examples/lender/server"
	"github.com/credq/credq/examples/lender/store"
)

const (
	demoInstitution = "bureau-demo"
	demoAgency      = "agency-demo"
)

func demoCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("demo", flag.ContinueOnError)
	fl.SetOutput(stderr)
	records := fl.Int("records", 50, "synthetic records to seed")
	dbName := fl.String("db", "", "database (SQLite path or postgres:// URL); default a temporary SQLite file")
	if err := fl.Parse(args); err != nil {
		return usageError{err}
	}
	if *records < 1 || *records > api.MaxLoadRecords {
		return usageError{fmt.Errorf("demo: --records must be 1..%d", api.MaxLoadRecords)}
	}
	return runDemo(ctx, stdout, demoOptions{Records: *records, DB: *dbName})
}

// demoOptions configure runDemo.
type demoOptions struct {
	Records int    // synthetic records to seed
	DB      string // "" for a temporary SQLite file
}

// demoEnv is the running demo: the server on loopback and the parties.
type demoEnv struct {
	client  *api.Client
	issuer  *consent.Issuer
	lender  *consent.HolderKey
	lendID  *age.X25519Identity
	agency  *consent.HolderKey
	agentID *age.X25519Identity
	out     io.Writer
	step    int
}

func (e *demoEnv) printf(format string, a ...any) { fmt.Fprintf(e.out, format, a...) }

func (e *demoEnv) stepf(format string, a ...any) {
	e.step++
	fmt.Fprintf(e.out, "\n%d. ", e.step)
	fmt.Fprintf(e.out, format, a...)
	fmt.Fprintln(e.out)
}

// runDemo starts the service on loopback with a fresh database, seeds
// synthetic records, and walks through the consent lifecycle, printing each
// step's outcome. Any step that does not end as it should is an error.
func runDemo(ctx context.Context, out io.Writer, o demoOptions) error {
	start := time.Now()
	dsn := o.DB
	if dsn == "" {
		dir, err := os.MkdirTemp("", "lender-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		dsn = filepath.Join(dir, "lender.db")
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	root, err := age.GenerateX25519Identity()
	if err != nil {
		return err
	}
	issuer, err := consent.GenerateIssuer(consent.AlgEd25519)
	if err != nil {
		return err
	}
	var tok [24]byte
	if _, err := rand.Read(tok[:]); err != nil {
		return err
	}
	admin := hex.EncodeToString(tok[:])
	srv, err := server.New(ctx, server.Config{
		DB: db, Institution: demoInstitution, Root: root, RootRecipient: root.Recipient(),
		Issuers: consent.NewKeySet(issuer.PublicKey()), AdminToken: admin, Population: 10_000,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	sctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- serveUntilDone(sctx, srv.Handler(), ln, db, slog.New(slog.DiscardHandler)) }()
	defer func() { stop(); <-done }()

	e := &demoEnv{client: &api.Client{BaseURL: "http://" + ln.Addr().String(), AdminToken: admin}, issuer: issuer, out: out}
	if e.lender, err = consent.GenerateHolderKey(); err != nil {
		return err
	}
	if e.agency, err = consent.GenerateHolderKey(); err != nil {
		return err
	}
	if e.lendID, err = age.GenerateX25519Identity(); err != nil {
		return err
	}
	if e.agentID, err = age.GenerateX25519Identity(); err != nil {
		return err
	}
	h, err := e.client.Health(ctx)
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	e.printf("lender demo: %s on %s (%s, schema v%d), issuer key %s\n", h.Institution, ln.Addr(), h.Database, h.Schema, issuer.KeyID())
	if err := e.walk(ctx, o); err != nil {
		return err
	}
	e.printf("\ndemo finished in %s: every step ended as expected\n", time.Since(start).Round(time.Millisecond))
	return nil
}

// pickSubject returns a record with a live account (for post-loan
// management and collection) and, if any, one with emergency contacts.
func pickSubject(recs []*credit.Record) (*credit.Record, *credit.Account) {
	var best *credit.Record
	var acct *credit.Account
	for _, r := range recs {
		for i := range r.Accounts {
			a := &r.Accounts[i]
			if !a.Live() {
				continue
			}
			if best == nil || (len(best.Contacts) == 0 && len(r.Contacts) > 0) {
				best, acct = r, a
			}
			break
		}
	}
	return best, acct
}
