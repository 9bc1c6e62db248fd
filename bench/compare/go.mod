module github.com/credq/credq/bench/compare

go 1.26.0

replace github.com/credq/credq => ../..

require (
	github.com/credq/credq v0.0.0-00010101000000-000000000000
	github.com/golang-jwt/jwt/v5 v5.3.1
	github.com/optable/match v1.4.0
	github.com/tink-crypto/tink-go/v2 v2.9.0
)

require (
	filippo.io/age v1.3.2 // indirect
	filippo.io/edwards25519 v1.2.0 // indirect
	filippo.io/hpke v0.4.0 // indirect
	github.com/alecthomas/unsafeslice v0.1.0 // indirect
	github.com/bits-and-blooms/bitset v1.2.0 // indirect
	github.com/bits-and-blooms/bloom/v3 v3.0.1 // indirect
	github.com/bwesterb/go-ristretto v1.2.4 // indirect
	github.com/cloudflare/circl v1.6.5 // indirect
	github.com/dgryski/go-metro v0.0.0-20211015221634-2661b20a2446 // indirect
	github.com/go-logr/logr v1.2.0 // indirect
	github.com/gtank/ristretto255 v0.1.2 // indirect
	github.com/twmb/murmur3 v1.1.6 // indirect
	github.com/zeebo/blake3 v0.2.0 // indirect
	go.yaml.in/yaml/v3 v3.0.6 // indirect
	golang.org/x/crypto v0.58.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/text v0.43.0 // indirect
	google.golang.org/protobuf v1.36.11 // indirect
)
