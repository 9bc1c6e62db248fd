package api_test

import (
	"fmt"

	"filippo.io/age"

	"github.com/credq/credq/examples/lender/api"
)

// A requester prepares a query: the consent presentation must sign exactly
// the consent.Query that ConsentQuery returns, which binds the age
// recipient the disclosure will be encrypted to.
func ExampleQueryRequest_ConsentQuery() {
	id, _ := age.GenerateX25519Identity()
	q := api.QueryRequest{Purpose: "02", Scope: "direct+quasi+financial", Recipient: id.Recipient().String()}
	cq, err := q.ConsentQuery()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cq.Purpose, "|", cq.Scope, "|", len(cq.Body), "body bytes")
	// Output: 02 loan approval | direct+quasi+financial | 67 body bytes
}
