package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// certsCmd writes a small certificate authority and one certificate per
// institution into a directory, for a quick start. Production deployments use
// their own PKI; the matcher only needs PEM files.
func certsCmd(args []string) error {
	fs := flag.NewFlagSet("certs", flag.ContinueOnError)
	dir := fs.String("dir", "certs", "directory to write ca.pem and <institution>.pem/-key.pem into")
	days := fs.Int("days", 30, "validity in days")
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	ids := fs.Args()
	if len(ids) == 0 {
		return usageError{errors.New("certs: name at least one institution ID, e.g. certs --dir certs bank-a bank-b")}
	}
	for _, id := range ids {
		if err := validInstitutionID(id); err != nil {
			return usageError{err}
		}
	}
	if err := os.MkdirAll(*dir, 0o700); err != nil {
		return fmt.Errorf("certs: %w", err)
	}
	ca, err := newCA(time.Duration(*days) * 24 * time.Hour)
	if err != nil {
		return err
	}
	if err := ca.writeCA(filepath.Join(*dir, "ca.pem")); err != nil {
		return err
	}
	for _, id := range ids {
		if err := ca.issue(id, filepath.Join(*dir, id+".pem"), filepath.Join(*dir, id+"-key.pem")); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "certs: wrote %s and %s\n", filepath.Join(*dir, id+".pem"), filepath.Join(*dir, id+"-key.pem"))
	}
	return nil
}

func validInstitutionID(id string) error {
	if id == "" || len(id) > 64 {
		return fmt.Errorf("institution ID must be 1..64 characters")
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return fmt.Errorf("institution ID %q: use letters, digits, '-', '_' and '.' only", id)
		}
	}
	return nil
}

type certAuthority struct {
	cert     *x509.Certificate
	key      *ecdsa.PrivateKey
	der      []byte
	validity time.Duration
}

func newCA(validity time.Duration) (*certAuthority, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("certs: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          randomSerial(),
		Subject:               pkix.Name{CommonName: "credq matcher demo CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(validity),
		KeyUsage:              x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("certs: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("certs: %w", err)
	}
	return &certAuthority{cert: cert, key: key, der: der, validity: validity}, nil
}

func (ca *certAuthority) writeCA(path string) error {
	return writePEM(path, "CERTIFICATE", ca.der, 0o644)
}

// issue writes a certificate whose subject common name is the institution ID;
// it is valid for both TLS client and server use on loopback and "localhost".
func (ca *certAuthority) issue(id, certPath, keyPath string) error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return fmt.Errorf("certs: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: randomSerial(),
		Subject:      pkix.Name{CommonName: id, Organization: []string{id}},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(ca.validity),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		DNSNames:     []string{"localhost", id},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		return fmt.Errorf("certs: %w", err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return fmt.Errorf("certs: %w", err)
	}
	if err := writePEM(certPath, "CERTIFICATE", der, 0o644); err != nil {
		return err
	}
	return writePEM(keyPath, "PRIVATE KEY", keyDER, 0o600)
}

func writePEM(path, typ string, der []byte, mode os.FileMode) error {
	data := pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
	if err := os.WriteFile(path, data, mode); err != nil {
		return fmt.Errorf("certs: %w", err)
	}
	return nil
}

func randomSerial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return n
}
