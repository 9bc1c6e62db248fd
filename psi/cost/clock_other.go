//go:build !unix

package cost

import "time"

// clock falls back to wall time where getrusage is not available.
func clock() time.Duration { return time.Duration(time.Now().UnixNano()) }
