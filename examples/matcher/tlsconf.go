package main

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
)

// tlsFiles names the PEM files of one party: its certificate and key, and the
// CA that must have signed the peer's certificate.
type tlsFiles struct {
	cert, key, ca string
}

// config builds a TLS 1.3 configuration that requires and verifies the peer's
// certificate against the CA file, in both directions (mutual TLS).
func (f tlsFiles) config(server bool) (*tls.Config, error) {
	side := "join"
	if server {
		side = "serve"
	}
	if f.cert == "" || f.key == "" || f.ca == "" {
		return nil, usageError{fmt.Errorf("%s: --cert, --key and --ca are required (or --insecure for plain TCP)", side)}
	}
	pair, err := tls.LoadX509KeyPair(f.cert, f.key)
	if err != nil {
		return nil, fmt.Errorf("%s: loading own certificate: %w", side, err)
	}
	caPEM, err := os.ReadFile(f.ca)
	if err != nil {
		return nil, fmt.Errorf("%s: reading CA file: %w", side, err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		return nil, fmt.Errorf("%s: CA file %s holds no PEM certificate", side, f.ca)
	}
	cfg := &tls.Config{
		MinVersion:   tls.VersionTLS13,
		Certificates: []tls.Certificate{pair},
	}
	if server {
		cfg.ClientCAs = pool
		cfg.ClientAuth = tls.RequireAndVerifyClientCert
	} else {
		cfg.RootCAs = pool
	}
	return cfg, nil
}

// peerInstitution returns the institution ID from the verified peer
// certificate's subject common name.
func peerInstitution(cs tls.ConnectionState) (string, error) {
	if len(cs.VerifiedChains) == 0 || len(cs.VerifiedChains[0]) == 0 {
		return "", errors.New("peer presented no verified certificate")
	}
	id := cs.VerifiedChains[0][0].Subject.CommonName
	if err := validInstitutionID(id); err != nil {
		return "", fmt.Errorf("peer certificate: %w", err)
	}
	return id, nil
}
