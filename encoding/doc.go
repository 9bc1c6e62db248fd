// Package encoding holds the strict canonical encodings that every other credq
// package signs, authenticates or sends over the wire.
//
// # Which type to use
//
//   - [Encoder] and [Decoder] build and parse binary values (tokens, sealed
//     records, protocol messages). They sit on golang.org/x/crypto/cryptobyte:
//     fixed field order, big-endian fixed-width integers, minimal varints,
//     length-prefixed byte strings with a declared maximum per field, 0/1
//     markers for optional values, counted lists with a maximum, no trailing
//     bytes. Each value has exactly one accepted encoding, so signatures and
//     AEAD associated data are computed over exactly one byte string.
//   - [FrameWriter] and [FrameReader] carry protocol messages over a stream
//     (net.Conn, tls.Conn, net.Pipe): a frame is a one-byte [FrameType], a
//     four-byte big-endian payload length and the payload.
//   - [Armor] and [Dearmor] turn a binary value into text: a type prefix plus
//     strict unpadded base64url.
//
// # Errors
//
// Decoding failures are [*ParseError] values (what failed, at which offset)
// that wrap one sentinel: [ErrTruncated], [ErrTrailingData], [ErrTooLarge],
// [ErrNonCanonical] or [ErrInvalid]. Frame errors wrap [ErrTruncated],
// [ErrFrameTooLarge] or [ErrUnexpectedFrame]; armor errors wrap [ErrBadArmor].
// Messages never include the bytes being parsed, which may be personal data.
//
// # Limits
//
// Every length and count read from input is checked against its declared
// maximum before memory is allocated for it; a frame payload is read in
// bounded chunks so a peer cannot make the reader reserve memory for data it
// never sends.
//
// # Compatibility
//
// The byte layouts produced here are part of credq's wire formats (see
// consent/SPEC.md) and will not change within a major version.
package encoding
