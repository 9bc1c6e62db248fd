package psi_test

import (
	"bytes"
	"context"
	"fmt"
	"net"

	"github.com/credq/credq/psi"
)

// Two lenders find their shared applicants. In production each side runs in
// its own process over a mutually authenticated TLS connection.
func Example() {
	lenderA := [][]byte{
		[]byte("cnid:v1:11010519491231002X"),
		[]byte("cnid:v1:440524188001010014"),
		[]byte("cnid:v1:310101199001011234"),
	}
	lenderB := [][]byte{
		[]byte("cnid:v1:440524188001010014"),
		[]byte("cnid:v1:510104198506061111"),
		[]byte("cnid:v1:11010519491231002X"),
	}
	cfg := psi.Config{IdentifierKind: "cnid:v1"}
	recv, _ := psi.NewReceiver(cfg)
	send, _ := psi.NewSender(cfg)

	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	go send.Intersect(context.Background(), b, lenderB)

	res, err := recv.Intersect(context.Background(), a, lenderA)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, item := range res.Items(lenderA) {
		fmt.Printf("%s\n", item)
	}
	fmt.Println("sender's set size:", res.PeerSize)
	// Output:
	// cnid:v1:11010519491231002X
	// cnid:v1:440524188001010014
	// sender's set size: 3
}

// A bureau precomputes a labeled set once; a lender downloads it and asks
// about its applicants, reading flags only for applicants the bureau holds.
func ExampleOPRFClient_Query() {
	ctx := context.Background()
	cfg := psi.OPRFConfig{IdentifierKind: "cnid:v1"}
	key, _ := psi.GenerateOPRFKey(psi.OPRFBase)
	bureau, _ := psi.NewOPRFServer(key, cfg)
	set, _ := bureau.EncodeLabeledSet(ctx, []psi.LabeledItem{
		{Item: []byte("cnid:v1:11010519491231002X"), Payload: []byte("overdue=2")},
		{Item: []byte("cnid:v1:440524188001010014"), Payload: []byte("overdue=0")},
	})

	// The lender downloads the set (a file, here a buffer).
	var file bytes.Buffer
	set.WriteTo(&file)
	downloaded, _ := psi.ReadEncodedSet(&file, 0)
	lender, _ := psi.NewOPRFClient(downloaded, cfg)

	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	go bureau.Serve(ctx, b)
	applicants := [][]byte{[]byte("cnid:v1:310101199001011234"), []byte("cnid:v1:11010519491231002X")}
	res, err := lender.Query(ctx, a, applicants)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, idx := range res.Matches {
		fmt.Printf("%s %s\n", applicants[idx], res.Payloads[i])
	}
	// Output:
	// cnid:v1:11010519491231002X overdue=2
}
