package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"filippo.io/age"

	"github.com/credq/credq/consent"
	"github.com/credq/credq/credit"
	"github.com/credq/credq/credit/vault"
	"github.com/credq/credq/examples/lender/store"
)

// Config configures a Server. DB, Institution, Root, RootRecipient, Issuers
// and AdminToken are required.
type Config struct {
	// DB is the open database (store.Open).
	DB *store.DB
	// Institution is this data holder's ID: the audience consent grants must
	// name, and the owner of the keyring.
	Institution string
	// Root is the institution's root age identity; RootRecipient its
	// recipient. The keyring and the consent subject key are stored sealed
	// to it.
	Root          age.Identity
	RootRecipient age.Recipient
	// Issuers holds the trusted consent-issuer keys.
	Issuers *consent.KeySet
	// AdminToken authorizes the admin endpoints (at least 16 bytes).
	AdminToken string
	// Population sizes the blind indexes of a new keyring (vault.PlanIndex);
	// 0 means 1,000,000.
	Population int
	// Skew is the consent verifier's clock skew; 0 means consent.DefaultSkew.
	Skew time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logger receives one line per request (no bodies, no personal data);
	// nil discards.
	Logger *slog.Logger
}

// Server answers the lender API. It is safe for concurrent use.
type Server struct {
	cfg        Config
	db         *store.DB
	vault      *vault.Vault
	log        *credit.Log
	verifier   *consent.Verifier
	subjectKey *consent.SubjectKey
	adminHash  [32]byte
	now        func() time.Time
	logger     *slog.Logger

	// cpMu guards cp, the newest log head this process has seen (at start
	// and after each of its appends). The audit endpoint verifies the log
	// against it, which detects a truncated or rewritten tail that the
	// unkeyed chain alone cannot.
	cpMu sync.Mutex
	cp   credit.Checkpoint
}

// New opens the keyring and subject key stored in cfg.DB (creating both on
// first start, sealed to cfg.RootRecipient) and returns the server.
func New(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.DB == nil || cfg.Institution == "" || cfg.Root == nil || cfg.RootRecipient == nil || cfg.Issuers == nil {
		return nil, errors.New("server: DB, Institution, Root, RootRecipient and Issuers are required")
	}
	if len(cfg.AdminToken) < 16 {
		return nil, errors.New("server: admin token shorter than 16 bytes")
	}
	if cfg.Population == 0 {
		cfg.Population = 1_000_000
	}
	s := &Server{cfg: cfg, db: cfg.DB, now: cfg.Now, logger: cfg.Logger, adminHash: sha256.Sum256([]byte(cfg.AdminToken))}
	if s.now == nil {
		s.now = time.Now
	}
	if s.logger == nil {
		s.logger = slog.New(slog.DiscardHandler)
	}
	var err error
	if s.vault, err = s.openVault(ctx); err != nil {
		return nil, err
	}
	if s.subjectKey, err = s.openSubjectKey(ctx); err != nil {
		return nil, err
	}
	s.log = credit.NewLog(cfg.DB.Log())
	if s.cp, err = s.log.Checkpoint(ctx); err != nil {
		return nil, fmt.Errorf("server: inquiry log: %w", err)
	}
	s.verifier, err = consent.NewVerifier(consent.VerifierConfig{
		Audience:    cfg.Institution,
		Keys:        cfg.Issuers,
		Skew:        cfg.Skew,
		Revocations: cfg.DB.Revocations(),
		Replay:      cfg.DB.Replay(),
		Uses:        cfg.DB.Uses(),
		Now:         s.now,
	})
	if err != nil {
		return nil, fmt.Errorf("server: verifier: %w", err)
	}
	return s, nil
}

// openVault opens the stored keyring, or creates one with the three blind
// indexes and stores it sealed. When two processes initialize one database
// at once, the first stored keyring wins and both use it.
func (s *Server) openVault(ctx context.Context) (*vault.Vault, error) {
	sealed, err := s.db.Meta(ctx, store.MetaKeyring)
	if errors.Is(err, store.ErrNotFound) {
		kr, err := vault.NewKeyring(s.cfg.Institution)
		if err != nil {
			return nil, fmt.Errorf("server: new keyring: %w", err)
		}
		v, err := vault.New(vault.Config{Keyring: kr, Store: s.db.Vault()})
		if err != nil {
			return nil, fmt.Errorf("server: vault: %w", err)
		}
		for _, name := range []string{vault.IndexResidentID, vault.IndexMobile, vault.IndexEmail} {
			if _, _, err := v.AddIndex(name, s.cfg.Population); err != nil {
				return nil, fmt.Errorf("server: blind index: %w", err)
			}
		}
		mine, err := v.SealKeyring(s.cfg.RootRecipient)
		if err != nil {
			return nil, fmt.Errorf("server: seal keyring: %w", err)
		}
		stored, err := s.db.CreateMeta(ctx, store.MetaKeyring, mine)
		if err != nil {
			return nil, err
		}
		if bytes.Equal(stored, mine) {
			return v, nil
		}
		sealed = stored
	} else if err != nil {
		return nil, err
	}
	kr, err := vault.OpenKeyring(sealed, s.cfg.Root)
	if err != nil {
		return nil, fmt.Errorf("server: open keyring (wrong root identity?): %w", err)
	}
	if kr.Institution() != s.cfg.Institution {
		return nil, errors.New("server: the stored keyring belongs to another institution")
	}
	v, err := vault.New(vault.Config{Keyring: kr, Store: s.db.Vault()})
	if err != nil {
		return nil, fmt.Errorf("server: vault: %w", err)
	}
	return v, nil
}

// openSubjectKey opens the stored consent subject key, or creates one.
func (s *Server) openSubjectKey(ctx context.Context) (*consent.SubjectKey, error) {
	sealed, err := s.db.Meta(ctx, store.MetaSubjectKey)
	if errors.Is(err, store.ErrNotFound) {
		k, err := consent.NewSubjectKey()
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		w, err := age.Encrypt(&buf, s.cfg.RootRecipient)
		if err != nil {
			return nil, fmt.Errorf("server: seal subject key: %w", err)
		}
		if _, err := w.Write(k.Bytes()); err != nil {
			return nil, err
		}
		if err := w.Close(); err != nil {
			return nil, err
		}
		if sealed, err = s.db.CreateMeta(ctx, store.MetaSubjectKey, buf.Bytes()); err != nil {
			return nil, err
		}
	} else if err != nil {
		return nil, err
	}
	r, err := age.Decrypt(bytes.NewReader(sealed), s.cfg.Root)
	if err != nil {
		return nil, errors.New("server: open subject key (wrong root identity?)")
	}
	b, err := io.ReadAll(io.LimitReader(r, consent.SubjectKeySize+1))
	if err != nil {
		return nil, errors.New("server: open subject key: corrupted")
	}
	k, err := consent.SubjectKeyFromBytes(b)
	if err != nil {
		return nil, errors.New("server: open subject key: corrupted")
	}
	return k, nil
}

// subjectID is the vault's subject handle for a subject reference: its hex
// form (a pseudonym; the ID number never reaches the database in clear).
func subjectID(ref consent.SubjectRef) string { return ref.String() }

// refFor derives the subject reference of a resident-ID number.
func (s *Server) refFor(idNumber string) (consent.SubjectRef, error) {
	key, err := credit.ResidentIDKey(idNumber)
	if err != nil {
		return consent.SubjectRef{}, err
	}
	return s.subjectKey.Ref(key), nil
}

// observe records a log entry this process appended as the newest known
// head.
func (s *Server) observe(e credit.LogEntry) {
	s.cpMu.Lock()
	defer s.cpMu.Unlock()
	if e.Seq+1 > s.cp.Len {
		s.cp = credit.Checkpoint{Len: e.Seq + 1, Head: e.Hash}
	}
}

// checkpoint returns the newest known head.
func (s *Server) checkpoint() credit.Checkpoint {
	s.cpMu.Lock()
	defer s.cpMu.Unlock()
	return s.cp
}

// Vault returns the server's vault.
func (s *Server) Vault() *vault.Vault { return s.vault }
