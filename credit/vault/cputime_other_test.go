//go:build !unix

package vault

import "testing"

// cpuMeter is a no-op where getrusage is unavailable.
func cpuMeter(*testing.B) func() { return func() {} }
