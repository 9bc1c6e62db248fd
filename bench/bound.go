package main

import (
	"os"
	"time"

	"github.com/credq/credq/psi/cost"
)

var stderr = os.Stderr

// opCosts is the per-operation cost measured at the start of the PSI step.
type opCosts struct{ cost.Costs }

func measureCosts() opCosts { return opCosts{cost.Measure(3000)} }

func (c opCosts) ecdhBound(n, m, cores int) time.Duration { return c.ECDH(n, m, cores) }

func (c opCosts) oprfOnlineBound(m, cores int) time.Duration { return c.OPRFOnline(m, cores) }
