package psi

import (
	"context"
	"errors"
	"io"
	"net"
	"runtime"
	"testing"

	"github.com/credq/credq/encoding"
)

// queryFakeServer runs a client query against a fake server that answers
// the client's hello and key check correctly and then replies to the first
// query with reply(query); it returns the client's error.
func queryFakeServer(t *testing.T, mode OPRFMode, reply func(q []byte) []byte) error {
	t.Helper()
	key, _ := GenerateOPRFKey(mode)
	srv, _ := NewOPRFServer(key, OPRFConfig{IdentifierKind: "k"})
	set, _ := srv.EncodeSet(context.Background(), [][]byte{[]byte("a")})
	cl, _ := NewOPRFClient(set, OPRFConfig{IdentifierKind: "k"})
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	go func() {
		fr := encoding.NewFrameReader(b, maxOPRFFrame)
		fw := encoding.NewFrameWriter(b, maxOPRFFrame)
		p, err := fr.Expect(frameHello)
		if err != nil {
			return
		}
		peer, _ := parseHello(p, protoOPRF)
		h := newHello(roleSender, mode, int(peer.tagSize), "k", 0, 100)
		hb, _ := h.marshal()
		fw.WriteFrame(frameHello, hb)
		fw.WriteFrame(frameKey, append(key.id[:], key.pub...))
		q, err := fr.Expect(frameQuery)
		if err != nil {
			return
		}
		go io.Copy(io.Discard, b)
		fw.WriteFrame(frameEval, reply(q))
	}()
	_, err := cl.Query(context.Background(), a, [][]byte{[]byte("a"), []byte("b")})
	return err
}

func TestOPRFClientRejectsBadEvaluations(t *testing.T) {
	base := runtime.NumGoroutine()
	for _, tc := range []struct {
		name  string
		mode  OPRFMode
		reply func(q []byte) []byte
		want  error
	}{
		{"identity", OPRFBase, func(q []byte) []byte { return make([]byte, len(q)) }, ErrInvalidElement},
		{"short batch", OPRFBase, func(q []byte) []byte { return q[:32] }, ErrCountMismatch},
		{"non-canonical", OPRFBase, func(q []byte) []byte {
			b := append([]byte(nil), q...)
			b[31] |= 0x80
			return b
		}, ErrInvalidElement},
		{"bad proof", OPRFVerifiable, func(q []byte) []byte { return append(append([]byte(nil), q...), make([]byte, 64)...) }, ErrBadProof},
		{"missing proof", OPRFVerifiable, func(q []byte) []byte { return q }, ErrCountMismatch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := queryFakeServer(t, tc.mode, tc.reply); !errors.Is(err, tc.want) {
				t.Fatalf("Query = %v, want %v", err, tc.want)
			}
		})
	}
	waitGoroutines(t, base)
}

func TestOPRFServerRejectsBadQueries(t *testing.T) {
	base := runtime.NumGoroutine()
	// The fake client keeps its end open until Serve returns (except in
	// "truncated", where hanging up is the misbehaviour): closing it right
	// after its frames let the server's own key frame fail on the closed
	// pipe first, and the test then saw a truncation instead of the rule it
	// checks.
	for _, tc := range []struct {
		name   string
		frames func(fw *encoding.FrameWriter)
		hangUp bool
		want   error
	}{
		{"identity", func(fw *encoding.FrameWriter) { fw.WriteFrame(frameQuery, make([]byte, 32)) }, false, ErrInvalidElement},
		{"more than announced", func(fw *encoding.FrameWriter) {
			fw.WriteFrame(frameQuery, append(validElement(1), validElement(2)...))
		}, false, ErrCountMismatch},
		{"wrong frame", func(fw *encoding.FrameWriter) { fw.WriteFrame(frameElements, validElement(1)) }, false, encoding.ErrUnexpectedFrame},
		{"early done", func(fw *encoding.FrameWriter) { fw.WriteFrame(frameDone, done{}.marshal()) }, false, ErrCountMismatch},
		{"truncated", func(fw *encoding.FrameWriter) {}, true, encoding.ErrTruncated},
	} {
		t.Run(tc.name, func(t *testing.T) {
			key, _ := GenerateOPRFKey(OPRFBase)
			srv, _ := NewOPRFServer(key, OPRFConfig{IdentifierKind: "k"})
			a, b := net.Pipe()
			served := make(chan struct{})
			fake := make(chan struct{})
			go func() {
				defer close(fake)
				defer b.Close()
				fw := encoding.NewFrameWriter(b, maxOPRFFrame)
				go io.Copy(io.Discard, b)
				h := newHello(roleReceiver, OPRFBase, DefaultSetTagSize, "k", 1, 100)
				hb, _ := h.marshal()
				fw.WriteFrame(frameHello, hb)
				tc.frames(fw)
				if !tc.hangUp {
					<-served
				}
			}()
			_, err := srv.Serve(context.Background(), a)
			close(served)
			a.Close()
			<-fake
			if !errors.Is(err, tc.want) {
				t.Fatalf("Serve = %v, want %v", err, tc.want)
			}
		})
	}
	waitGoroutines(t, base)
}
