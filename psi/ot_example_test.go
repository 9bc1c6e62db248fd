package psi_test

import (
	"context"
	"fmt"
	"net"

	"github.com/credq/credq/psi"
)

// Two lenders with large portfolios find their shared borrowers with
// OT-extension PSI; only the receiver learns them.
func ExampleOTReceiver_Intersect() {
	lenderA := [][]byte{
		[]byte("cnid:v1:11010519491231002X"),
		[]byte("cnid:v1:440524188001010014"),
		[]byte("cnid:v1:310101199001011234"),
	}
	lenderB := [][]byte{
		[]byte("cnid:v1:440524188001010014"),
		[]byte("cnid:v1:510104198506061111"),
		[]byte("cnid:v1:11010519491231002X"),
		[]byte("cnid:v1:11010519491231002X"), // duplicates are sent once
	}
	cfg := psi.Config{IdentifierKind: "cnid:v1"}
	recv, _ := psi.NewOTReceiver(cfg)
	send, _ := psi.NewOTSender(cfg)

	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	sent := make(chan *psi.Result, 1)
	go func() {
		res, _ := send.Intersect(context.Background(), b, lenderB)
		sent <- res
	}()

	res, err := recv.Intersect(context.Background(), a, lenderA)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, item := range res.Items(lenderA) {
		fmt.Printf("%s\n", item)
	}
	fmt.Println("sender's set size:", res.PeerSize)
	fmt.Println("receiver's set size, as the sender sees it:", (<-sent).PeerSize)
	// Output:
	// cnid:v1:11010519491231002X
	// cnid:v1:440524188001010014
	// sender's set size: 3
	// receiver's set size, as the sender sees it: 3
}
