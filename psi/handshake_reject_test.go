package psi

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
)

// TestRejectionReachesBothParties: when hellos disagree, both parties report
// the mismatch itself — the rejecting side waits for its own hello to be
// written before it tears the connection down, so the peer can run the same
// checks instead of seeing a truncated stream.
func TestRejectionReachesBothParties(t *testing.T) {
	items := [][]byte{[]byte("a"), []byte("b")}
	type runner func(conn net.Conn) error
	ot := func(kind string, recv bool) runner {
		return func(c net.Conn) error {
			cfg := Config{IdentifierKind: kind}
			if recv {
				r, _ := NewOTReceiver(cfg)
				_, err := r.Intersect(context.Background(), c, items)
				return err
			}
			s, _ := NewOTSender(cfg)
			_, err := s.Intersect(context.Background(), c, items)
			return err
		}
	}
	ecdh := func(kind string, recv bool) runner {
		return func(c net.Conn) error {
			cfg := Config{IdentifierKind: kind}
			if recv {
				r, _ := NewReceiver(cfg)
				_, err := r.Intersect(context.Background(), c, items)
				return err
			}
			s, _ := NewSender(cfg)
			_, err := s.Intersect(context.Background(), c, items)
			return err
		}
	}
	// The OPRF client claims the receiver role and the server the sender's.
	oprfClient := func(kind string, mode OPRFMode) runner {
		key, _ := GenerateOPRFKey(mode)
		srv, _ := NewOPRFServer(key, OPRFConfig{IdentifierKind: kind})
		set, _ := srv.EncodeSet(context.Background(), items)
		cl, _ := NewOPRFClient(set, OPRFConfig{IdentifierKind: kind})
		return func(c net.Conn) error {
			_, err := cl.Query(context.Background(), c, items)
			return err
		}
	}
	oprfServer := func(kind string, mode OPRFMode) runner {
		key, _ := GenerateOPRFKey(mode)
		srv, _ := NewOPRFServer(key, OPRFConfig{IdentifierKind: kind})
		return func(c net.Conn) error {
			_, err := srv.Serve(context.Background(), c)
			return err
		}
	}
	tests := []struct {
		name               string
		sender, receiver   runner
		wantSend, wantRecv error
	}{
		{"ot kind", ot("cnid:v1", false), ot("cnmob:v1", true), ErrIdentifierKindMismatch, ErrIdentifierKindMismatch},
		{"ecdh kind", ecdh("cnid:v1", false), ecdh("cnid:v2", true), ErrIdentifierKindMismatch, ErrIdentifierKindMismatch},
		{"ecdh sender, ot receiver", ecdh("cnid:v1", false), ot("cnid:v1", true), ErrProtocolMismatch, ErrProtocolMismatch},
		{"ot sender, ecdh receiver", ot("cnid:v1", false), ecdh("cnid:v1", true), ErrProtocolMismatch, ErrProtocolMismatch},
		{"oprf kind", oprfServer("cnid:v1", OPRFBase), oprfClient("cnid:v2", OPRFBase), ErrIdentifierKindMismatch, ErrIdentifierKindMismatch},
		{"oprf mode", oprfServer("cnid:v1", OPRFVerifiable), oprfClient("cnid:v1", OPRFBase), ErrModeMismatch, ErrModeMismatch},
		{"ecdh sender, oprf client", ecdh("cnid:v1", false), oprfClient("cnid:v1", OPRFBase), ErrProtocolMismatch, ErrProtocolMismatch},
		{"ot sender, oprf client", ot("cnid:v1", false), oprfClient("cnid:v1", OPRFBase), ErrProtocolMismatch, ErrProtocolMismatch},
		{"oprf server, ecdh receiver", oprfServer("cnid:v1", OPRFBase), ecdh("cnid:v1", true), ErrProtocolMismatch, ErrProtocolMismatch},
		{"oprf server, ot receiver", oprfServer("cnid:v1", OPRFBase), ot("cnid:v1", true), ErrProtocolMismatch, ErrProtocolMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := net.Pipe()
			errc := make(chan error, 1)
			go func() { err := tt.sender(b); b.Close(); errc <- err }()
			rerr := tt.receiver(a)
			a.Close()
			serr := <-errc
			if !errors.Is(serr, tt.wantSend) || !errors.Is(rerr, tt.wantRecv) {
				t.Fatalf("sender error = %v (want %v); receiver error = %v (want %v)", serr, tt.wantSend, rerr, tt.wantRecv)
			}
		})
	}
}

// TestModeMismatchNamesFlag: a flags mismatch names the option that
// differs, in both protocols that carry flags.
func TestModeMismatchNamesFlag(t *testing.T) {
	for _, tc := range []struct {
		peer, mine uint8
		want       string
	}{
		{flagBothLearn, 0, "who learns the result (BothLearn: peer true, ours false)"},
		{0, flagBothLearn, "who learns the result (BothLearn: peer false, ours true)"},
		{flagVerifiable, 0, "OPRF mode (peer verifiable, ours base)"},
		{0, flagVerifiable, "OPRF mode (peer base, ours verifiable)"},
	} {
		mine := newHello(roleReceiver, OPRFBase, DefaultSetTagSize, "k", 1, 10)
		peer := *mine
		peer.role = roleSender
		mine.flags, peer.flags = tc.mine, tc.peer
		err := checkPeer(mine, &peer)
		if !errors.Is(err, ErrModeMismatch) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("flags peer %d, ours %d: checkPeer = %v, want ErrModeMismatch naming %q", tc.peer, tc.mine, err, tc.want)
		}
	}
}
