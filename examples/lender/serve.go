package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"filippo.io/age"

	"github.com/credq/credq/consent"
	"github.com/credq/credq/examples/lender/server"
	"github.com/credq/credq/examples/lender/store"
)

// issuerFlags collects repeated --issuer alg:hex flags into a key set.
type issuerFlags struct{ keys []*consent.PublicKey }

func (f *issuerFlags) String() string { return fmt.Sprintf("%d issuer keys", len(f.keys)) }

func (f *issuerFlags) Set(v string) error {
	algName, hexKey, ok := strings.Cut(v, ":")
	if !ok {
		return errors.New("want alg:hex (alg ed25519, mldsa65 or hybrid)")
	}
	algs := map[string]consent.Algorithm{"ed25519": consent.AlgEd25519, "mldsa65": consent.AlgMLDSA65, "hybrid": consent.AlgHybrid}
	alg, ok := algs[strings.ToLower(algName)]
	if !ok {
		return fmt.Errorf("unknown algorithm %q (ed25519, mldsa65, hybrid)", algName)
	}
	b, err := hex.DecodeString(hexKey)
	if err != nil {
		return errors.New("issuer key is not hex")
	}
	k, err := consent.ParsePublicKey(alg, b)
	if err != nil {
		return err
	}
	f.keys = append(f.keys, k)
	return nil
}

func serveCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	fl.SetOutput(stderr)
	dbName := fl.String("db", "lender.db", "SQLite file path, or a postgres:// URL")
	listen := fl.String("listen", "127.0.0.1:8080", "listen address (host:port; port 0 picks one)")
	institution := fl.String("institution", "bureau-demo", "this data holder's ID (the audience of consent grants)")
	identity := fl.String("identity", "lender.identity", "root age identity file (created if missing)")
	tokenFile := fl.String("admin-token-file", "lender.admin-token", "admin bearer token file (created if missing)")
	population := fl.Int("population", 1_000_000, "expected number of subjects, sizes new blind indexes")
	var issuers issuerFlags
	fl.Var(&issuers, "issuer", "trusted consent issuer key as alg:hex (repeatable)")
	if err := fl.Parse(args); err != nil {
		return usageError{err}
	}
	if fl.NArg() > 0 {
		return usageError{fmt.Errorf("serve: unexpected argument %q", fl.Arg(0))}
	}
	root, recipient, err := loadOrCreateIdentity(*identity)
	if err != nil {
		return err
	}
	token, err := loadOrCreateToken(*tokenFile)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, *dbName)
	if err != nil {
		return err
	}
	defer db.Close()
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	srv, err := server.New(ctx, server.Config{
		DB: db, Institution: *institution, Root: root, RootRecipient: recipient,
		Issuers: consent.NewKeySet(issuers.keys...), AdminToken: token,
		Population: *population, Logger: logger,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "lender: listening on http://%s (%s, schema v%d, %d issuer keys)\n", ln.Addr(), db.Dialect(), store.SchemaVersion(), len(issuers.keys))
	return serveUntilDone(ctx, srv.Handler(), ln, db, logger)
}

// serveUntilDone serves h on ln until ctx ends, purging expired consent
// state every minute (a failed purge is logged and retried on the next
// tick), then shuts down gracefully.
func serveUntilDone(ctx context.Context, h http.Handler, ln net.Listener, db *store.DB, logger *slog.Logger) error {
	hs := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    16 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	tick := time.NewTicker(time.Minute)
	defer tick.Stop()
	for {
		select {
		case err := <-errc:
			return err
		case now := <-tick.C:
			if err := db.Purge(ctx, now); err != nil {
				logger.Error("purge of expired consent state failed", "err", err)
			}
		case <-ctx.Done():
			sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			return hs.Shutdown(sctx)
		}
	}
}

// loadOrCreateIdentity reads the root age identity (X25519 or hybrid) from
// path, creating an X25519 one with mode 0600 if the file does not exist.
func loadOrCreateIdentity(path string) (age.Identity, age.Recipient, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		id, err := age.GenerateX25519Identity()
		if err != nil {
			return nil, nil, err
		}
		text := fmt.Sprintf("# lender root identity, created %s\n# public key: %s\n%s\n",
			time.Now().UTC().Format(time.RFC3339), id.Recipient(), id)
		if err := writeNew(path, text); err != nil {
			return nil, nil, err
		}
		return id, id.Recipient(), nil
	}
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	ids, err := age.ParseIdentities(io.LimitReader(f, 64<<10))
	if err != nil || len(ids) != 1 {
		return nil, nil, fmt.Errorf("identity file %s must hold exactly one age identity", path)
	}
	switch id := ids[0].(type) {
	case *age.X25519Identity:
		return id, id.Recipient(), nil
	case *age.HybridIdentity:
		return id, id.Recipient(), nil
	}
	return nil, nil, fmt.Errorf("identity file %s: unsupported identity type", path)
}

// loadOrCreateToken reads the admin token from path, creating a random one
// with mode 0600 if the file does not exist.
func loadOrCreateToken(path string) (string, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		var r [24]byte
		if _, err := rand.Read(r[:]); err != nil {
			return "", err
		}
		tok := hex.EncodeToString(r[:])
		return tok, writeNew(path, tok+"\n")
	}
	if err != nil {
		return "", err
	}
	tok := strings.TrimSpace(string(b))
	if len(tok) < 16 {
		return "", fmt.Errorf("admin token in %s is shorter than 16 characters", path)
	}
	return tok, nil
}

// writeNew creates path with mode 0600; it fails if the file exists.
func writeNew(path, text string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
