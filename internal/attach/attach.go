// Package attach checks files citizens attach to complaints: the type is
// decided by content (JPEG, PNG or PDF), never by name, images must decode,
// and metadata that can reveal where a photo was taken (EXIF, XMP, IPTC,
// PNG text chunks) is removed losslessly unless the reporter chose to share it.
package attach

import (
	"bytes"
	"encoding/binary"
	"image"
	_ "image/jpeg" // decoders for DecodeConfig
	_ "image/png"
	"net/http"

	"mutu/internal/errs"
)

// Limits of attachments.
const (
	MaxFiles = 5
	MaxBytes = 5 << 20
)

// Types are the accepted content types.
var Types = []string{"image/jpeg", "image/png", "application/pdf"}

// Check returns the content type of b, or an Invalid error naming the file.
func Check(name string, b []byte) (string, error) {
	if len(b) == 0 {
		return "", errs.New(errs.Invalid, "attach.err.empty", name)
	}
	if len(b) > MaxBytes {
		return "", errs.New(errs.TooLarge, "attach.err.too_large", name, MaxBytes>>20)
	}
	ct := http.DetectContentType(b)
	switch ct {
	case "image/jpeg", "image/png":
		cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
		if err != nil || cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > 60_000_000 {
			return "", errs.New(errs.Invalid, "attach.err.image", name)
		}
		return ct, nil
	case "application/pdf":
		if !bytes.Contains(b[max(0, len(b)-2048):], []byte("%%EOF")) {
			return "", errs.New(errs.Invalid, "attach.err.pdf", name)
		}
		return ct, nil
	}
	return "", errs.New(errs.Invalid, "attach.err.type", name)
}

// Strip removes location-revealing metadata from an image; other types are
// returned unchanged. The pixels are not re-encoded.
func Strip(ct string, b []byte) []byte {
	switch ct {
	case "image/jpeg":
		return stripJPEG(b)
	case "image/png":
		return stripPNG(b)
	}
	return b
}

// stripJPEG drops APP1 (EXIF, XMP), APP13 (IPTC) and COM segments before the
// image data; anything malformed is returned as is (Check decoded it already).
func stripJPEG(b []byte) []byte {
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		return b
	}
	out := []byte{0xFF, 0xD8}
	i := 2
	for i+4 <= len(b) {
		if b[i] != 0xFF {
			return b
		}
		marker := b[i+1]
		if marker == 0xDA || marker == 0xD9 { // start of scan: the rest is image data
			return append(out, b[i:]...)
		}
		n := int(binary.BigEndian.Uint16(b[i+2 : i+4]))
		if n < 2 || i+2+n > len(b) {
			return b
		}
		if marker != 0xE1 && marker != 0xED && marker != 0xFE {
			out = append(out, b[i:i+2+n]...)
		}
		i += 2 + n
	}
	return b
}

// stripPNG drops text, EXIF and time chunks.
func stripPNG(b []byte) []byte {
	sig := []byte("\x89PNG\r\n\x1a\n")
	if !bytes.HasPrefix(b, sig) {
		return b
	}
	out := append([]byte(nil), sig...)
	i := len(sig)
	for i+12 <= len(b) {
		n := int(binary.BigEndian.Uint32(b[i : i+4]))
		if n < 0 || i+12+n > len(b) {
			return b
		}
		typ := string(b[i+4 : i+8])
		switch typ {
		case "tEXt", "zTXt", "iTXt", "eXIf", "tIME":
		default:
			out = append(out, b[i:i+12+n]...)
		}
		i += 12 + n
		if typ == "IEND" {
			return out
		}
	}
	return b
}
