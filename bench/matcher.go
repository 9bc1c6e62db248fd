package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"net"
	"time"

	"github.com/credq/credq/bench/benchutil"
	"github.com/credq/credq/credit"
	"github.com/credq/credq/psi"
)

// matcherRow is the cross-institution matching workload end to end: resident
// ID numbers normalized through credit, then OT-extension PSI (the matcher's
// default) or ECDH-PSI over mutual TLS 1.3 on loopback, handshakes included.
type matcherRow struct {
	protocol string
	n        int
	elapsed  time.Duration
	wire     int64
	correct  bool
}

func benchMatcher(o *options, r *results) error {
	runs := []struct {
		protocol string
		n        int
	}{{"ot", 10_000}, {"ecdh", 10_000}, {"ot", 100_000}, {"ecdh", 100_000}, {"ot", 1_000_000}}
	if o.quick {
		runs = runs[:2]
		runs[0].n, runs[1].n = 1000, 1000
	}
	srvCfg, cliCfg, err := loopbackTLS()
	if err != nil {
		return err
	}
	for _, run := range runs {
		n := run.n
		shared := n / 10
		a, b := residentIDs(n, shared)
		row := matcherRow{protocol: run.protocol, n: n}
		row.elapsed, err = benchutil.Median(repsFor(o, n), func() (time.Duration, error) {
			t0 := time.Now()
			x, err := normalize(a)
			if err != nil {
				return 0, err
			}
			y, err := normalize(b)
			if err != nil {
				return 0, err
			}
			c1, c2, err := benchutil.Loopback()
			if err != nil {
				return 0, err
			}
			s, c := tls.Server(c2, srvCfg), tls.Client(c1, cliCfg)
			defer s.Close()
			defer c.Close()
			cfg := psi.Config{IdentifierKind: "cnid:v1", MaxItems: n}
			sd, rc, err := benchutil.Intersecters(run.protocol, cfg)
			if err != nil {
				return 0, err
			}
			errc := make(chan error, 1)
			go func() {
				_, err := sd.Intersect(context.Background(), s, y)
				errc <- err
			}()
			res, err := rc.Intersect(context.Background(), c, x)
			if err != nil {
				return 0, err
			}
			if err := <-errc; err != nil {
				return 0, err
			}
			row.wire, row.correct = res.BytesSent+res.BytesReceived, len(res.Matches) == shared
			return time.Since(t0), nil
		})
		if err != nil {
			return err
		}
		r.matcher = append(r.matcher, row)
	}
	return nil
}

func normalize(ids []string) ([][]byte, error) {
	out := make([][]byte, len(ids))
	for i, id := range ids {
		k, err := credit.ResidentIDKey(id)
		if err != nil {
			return nil, err
		}
		out[i] = []byte(k)
	}
	return out, nil
}

// residentIDs returns two lists of valid, distinct resident ID numbers that
// share exactly `shared` entries.
func residentIDs(n, shared int) (a, b []string) {
	mk := func(i int) string {
		// Address code 110105, 18000 birth dates from 1950 on, 1000
		// sequence numbers each: distinct for i < 18 million.
		birth := time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%18000)
		d17 := fmt.Sprintf("110105%s%03d", birth.Format("20060102"), (i/18000)%1000)
		return d17 + string(credit.ResidentIDCheck(d17))
	}
	for i := 0; i < n; i++ {
		a = append(a, mk(i))
	}
	b = append(b, a[:shared]...)
	for i := 0; len(b) < n; i++ {
		b = append(b, mk(n+i))
	}
	return a, b
}

// loopbackTLS returns mutual-TLS 1.3 configurations for two institutions
// under one throwaway CA.
func loopbackTLS() (server, client *tls.Config, err error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "bench CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, nil, err
	}
	ca, _ := x509.ParseCertificate(caDER)
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	leaf := func(id string, serial int64) (tls.Certificate, error) {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return tls.Certificate{}, err
		}
		t := &x509.Certificate{SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: id},
			NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
			DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
			KeyUsage:    x509.KeyUsageDigitalSignature,
			ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}}
		der, err := x509.CreateCertificate(rand.Reader, t, ca, &k.PublicKey, caKey)
		if err != nil {
			return tls.Certificate{}, err
		}
		return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: k}, nil
	}
	sc, err := leaf("bank-a", 2)
	if err != nil {
		return nil, nil, err
	}
	cc, err := leaf("bank-b", 3)
	if err != nil {
		return nil, nil, err
	}
	server = &tls.Config{MinVersion: tls.VersionTLS13, Certificates: []tls.Certificate{sc}, ClientCAs: pool, ClientAuth: tls.RequireAndVerifyClientCert}
	client = &tls.Config{MinVersion: tls.VersionTLS13, Certificates: []tls.Certificate{cc}, RootCAs: pool, ServerName: "localhost"}
	return server, client, nil
}
