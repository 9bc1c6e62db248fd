package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/credq/credq/examples/lender/store/storetest"
)

// TestDemo runs the demo end to end (on SQLite, and on PostgreSQL when
// CREDQ_TEST_POSTGRES_DSN is set) and checks each step's printed outcome.
func TestDemo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		var out bytes.Buffer
		if err := runDemo(context.Background(), &out, demoOptions{Records: 20, DB: dsn}); err != nil {
			t.Fatalf("runDemo: %v\n%s", err, out.String())
		}
		got := out.String()
		for _, want := range []string{
			"seeded 20 synthetic records",
			"1. the borrower consents to a loan-approval (02) query",
			"→ 200: the lender decrypted the disclosure",
			"another party's age key cannot open it (vault: wrong key)",
			"→ rejected: 409 replay",
			"→ 200: asked for every class, the agency got: released direct+quasi+financial",
			"contacts none, spouse none, co-obligors none",
			"→ rejected: 403 revoked",
			"purpose x-collection",
			"purpose 02",
			"→ rejected: 410 shredded",
			"→ verified: 2 entries",
			"every step ended as expected",
		} {
			if !strings.Contains(got, want) {
				t.Errorf("demo output lacks %q", want)
			}
		}
		if t.Failed() {
			t.Logf("output:\n%s", got)
		}
	})
}

func TestRunUsage(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(context.Background(), nil, &out, &errb); code != 2 {
		t.Fatalf("run() = %d, want 2", code)
	}
	if code := run(context.Background(), []string{"nope"}, &out, &errb); code != 2 {
		t.Fatalf("run(nope) = %d, want 2", code)
	}
	if code := run(context.Background(), []string{"demo", "--records", "0"}, &out, &errb); code != 2 {
		t.Fatalf("run(demo --records 0) = %d, want 2", code)
	}
	if code := run(context.Background(), []string{"serve", "--issuer", "rsa:00"}, &out, &errb); code != 2 {
		t.Fatalf("run(serve --issuer rsa:00) = %d, want 2", code)
	}
	if code := run(context.Background(), []string{"help"}, &out, &errb); code != 0 {
		t.Fatalf("run(help) = %d, want 0", code)
	}
}
