// Command schemagen writes credit/schema_gen.go from credit/schema_table.go;
// run it with go generate in the credit directory.
package main

import (
	"log"
	"os"

	"github.com/credq/credq/credit/internal/schemagen"
)

func main() {
	src, err := os.ReadFile("schema_table.go")
	if err != nil {
		log.Fatal(err)
	}
	out, err := schemagen.Generate(src)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("schema_gen.go", out, 0o644); err != nil {
		log.Fatal(err)
	}
}
