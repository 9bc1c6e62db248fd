package psi

import (
	"context"
	"errors"
	"io"
	"net"
	"runtime"
	"strings"
	"testing"

	"github.com/credq/credq/encoding"
)

// queryFakeServer runs a query of two items by a client with two workers
// against a fake server that answers the client's hello and key check
// correctly and then replies to the first query with reply(query); it
// returns the client's error.
func queryFakeServer(t *testing.T, mode OPRFMode, reply func(q []byte) []byte) error {
	t.Helper()
	key, _ := GenerateOPRFKey(mode)
	srv, _ := NewOPRFServer(key, OPRFConfig{IdentifierKind: "k"})
	set, _ := srv.EncodeSet(context.Background(), [][]byte{[]byte("a")})
	cl, _ := NewOPRFClient(set, OPRFConfig{IdentifierKind: "k", Workers: 2})
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

// TestOPRFClientNamesBadEvaluationByIndex: a rejected evaluated element is
// named by its index in the query, also when it is not the first of a
// worker's chunk (the second of two items, decoded by the second worker in
// base mode).
func TestOPRFClientNamesBadEvaluationByIndex(t *testing.T) {
	base := runtime.NumGoroutine()
	for _, mode := range []OPRFMode{OPRFBase, OPRFVerifiable} {
		err := queryFakeServer(t, mode, func(q []byte) []byte {
			b := append([]byte(nil), q...)
			b[32+31] |= 0x80
			if mode == OPRFVerifiable {
				b = append(b, make([]byte, 64)...)
			}
			return b
		})
		if !errors.Is(err, ErrInvalidElement) || !strings.Contains(err.Error(), "element 1:") {
			t.Errorf("mode %v: Query = %v, want ErrInvalidElement naming element 1", mode, err)
		}
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

// TestOPRFServerNamesBadElementByStreamIndex: a rejected blinded element is
// named by its index in the client's stream, whichever frame and worker
// chunk it falls in. The client announces six items and sends two good ones,
// then four with the third bad: element 4 (the first of the second worker's
// chunk in base mode, the third of its frame).
func TestOPRFServerNamesBadElementByStreamIndex(t *testing.T) {
	base := runtime.NumGoroutine()
	bad := make([]byte, 32)
	bad[0] = 1 // a negative field element: non-canonical
	second := append(append(append(validElement(3), validElement(4)...), bad...), validElement(5)...)
	for _, mode := range []OPRFMode{OPRFBase, OPRFVerifiable} {
		key, _ := GenerateOPRFKey(mode)
		srv, _ := NewOPRFServer(key, OPRFConfig{IdentifierKind: "k", Workers: 2})
		a, b := net.Pipe()
		served := make(chan struct{})
		fake := make(chan struct{})
		go func() {
			defer close(fake)
			defer b.Close()
			fw := encoding.NewFrameWriter(b, maxOPRFFrame)
			go io.Copy(io.Discard, b)
			hb, _ := newHello(roleReceiver, mode, DefaultSetTagSize, "k", 6, 100).marshal()
			fw.WriteFrame(frameHello, hb)
			fw.WriteFrame(frameQuery, append(validElement(1), validElement(2)...))
			fw.WriteFrame(frameQuery, second)
			<-served
		}()
		_, err := srv.Serve(context.Background(), a)
		close(served)
		a.Close()
		<-fake
		if !errors.Is(err, ErrInvalidElement) || !strings.Contains(err.Error(), "element 4:") {
			t.Errorf("mode %v: Serve = %v, want ErrInvalidElement naming element 4", mode, err)
		}
	}
	waitGoroutines(t, base)
}
