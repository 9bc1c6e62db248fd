package encoding_test

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"github.com/credq/credq/encoding"
)

func Example() {
	e := encoding.NewEncoder(nil)
	e.String8("bureau-01", 64)
	e.Time(time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
	e.Uvarint(3)
	b, err := e.Bytes()
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d bytes: %x\n", len(b), b)

	d := encoding.NewDecoder(b)
	aud := d.String8("audience", 64)
	at := d.Time("issued")
	uses := d.Uvarint("uses")
	if err := d.Finish(); err != nil {
		panic(err)
	}
	fmt.Println(aud, at.Format(time.DateOnly), uses)

	// One byte too many is an error, never silently ignored.
	d = encoding.NewDecoder(append(b, 0))
	d.String8("audience", 64)
	d.Time("issued")
	d.Uvarint("uses")
	err = d.Finish()
	var pe *encoding.ParseError
	fmt.Println(errors.As(err, &pe), pe.Offset, errors.Is(err, encoding.ErrTrailingData))
	// Output:
	// 19 bytes: 096275726561752d3031000000006b02308003
	// bureau-01 2026-11-22 3
	// true 19 true
}

func ExampleFrameReader() {
	var conn bytes.Buffer // stands in for a net.Conn
	fw := encoding.NewFrameWriter(&conn, 1024)
	fw.WriteFrame(1, []byte("hello"))
	fw.WriteFrame(2, []byte("batch"))

	fr := encoding.NewFrameReader(&conn, 1024)
	p, err := fr.Expect(1)
	fmt.Printf("%s %v\n", p, err)
	_, err = fr.Expect(3)
	fmt.Println(errors.Is(err, encoding.ErrUnexpectedFrame))
	// Output:
	// hello <nil>
	// true
}

func ExampleDearmor() {
	text := encoding.Armor("cqt1_", []byte{0xfb, 0xff})
	fmt.Println(text)
	b, err := encoding.Dearmor("cqt1_", text, 16)
	fmt.Printf("%x %v\n", b, err)
	_, err = encoding.Dearmor("cqt1_", text+"=", 16)
	fmt.Println(errors.Is(err, encoding.ErrBadArmor))
	// Output:
	// cqt1_-_8
	// fbff <nil>
	// true
}
