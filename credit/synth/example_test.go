package synth_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/credq/credq/credit"
	"github.com/credq/credq/credit/synth"
)

func Example() {
	g := synth.New(42, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
	for _, r := range g.Records(3) {
		key, err := credit.ResidentIDKey(r.Identity.IDNumber)
		fmt.Println(strings.HasPrefix(key, credit.KindResidentID), err, r.Validate(), len(r.Accounts), "accounts")
		for _, a := range r.Accounts[:min(2, len(r.Accounts))] {
			fmt.Println(" ", a.Type.Code(), a.Business.Code(), a.Repayment)
		}
	}
	// Output:
	// true <nil> <nil> 2 accounts
	//   R2 71 NNNNNNN*N*N*NNNNNNN*NNNN
	//   D1 91 NNNNNNNNNNNNNNNNNNNNNNNC
	// true <nil> <nil> 4 accounts
	//   R2 71 /NNNN*NN*N*N*NNNNNN*NN*N
	//   R2 71 ///////////////N*NNNNNNC
	// true <nil> <nil> 6 accounts
	//   R2 71 NNNNNNNNNNNN*NNN*NNNNNNN
	//   R2 71 NNNNNNNNNNNN*NNNNNN*NNNN
}
