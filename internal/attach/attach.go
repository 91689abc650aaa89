// Package attach checks files citizens attach to complaints: the type is
// decided by content (JPEG, PNG or PDF), never by name, images must decode,
// and metadata that can reveal where a photo was taken (EXIF, XMP, IPTC,
// PNG text chunks) is removed losslessly unless the reporter chose to share
// it, together with any second image embedded in or appended to the file.
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

// Strip returns an image ready to store: metadata that can reveal where,
// when or with what a photo was taken is removed losslessly (the pixels are
// not re-encoded), and so are second images hidden in the file — phones
// embed previews, depth and gain maps (MPF) and append whole pictures or
// vendor trailers after the image's end, each with its own EXIF and GPS.
// Only the primary image survives: for JPEG, SOI to its EOI; for PNG,
// signature to IEND. When the reporter chose to share their location, the
// EXIF block (with its GPS tags) is kept, but nothing else is. A file whose
// structure cannot be walked is refused rather than stored unstripped.
// Other types are returned unchanged.
func Strip(name, ct string, b []byte, shareLocation bool) ([]byte, error) {
	var out []byte
	switch ct {
	case "image/jpeg":
		out = stripJPEG(b, shareLocation)
	case "image/png":
		out = stripPNG(b, shareLocation)
	default:
		return b, nil
	}
	if out == nil {
		return nil, errs.New(errs.Invalid, "attach.err.image", name)
	}
	return out, nil
}

// keepJPEG reports whether a segment with marker m and payload p is kept.
// Application segments are dropped unless decoding needs them: APP0 JFIF,
// APP2 ICC profile (colours), APP14 Adobe (colour transform); APP1 EXIF
// only when the location is shared. That drops XMP, IPTC, MPF, JFXX
// thumbnails, vendor segments and comments.
func keepJPEG(m byte, p []byte, share bool) bool {
	has := func(s string) bool { return bytes.HasPrefix(p, []byte(s)) }
	switch {
	case m == 0xE0:
		return has("JFIF\x00")
	case m == 0xE1:
		return share && has("Exif\x00\x00")
	case m == 0xE2:
		return has("ICC_PROFILE\x00")
	case m == 0xEE:
		return has("Adobe")
	case m > 0xE0 && m <= 0xEF, m == 0xFE:
		return false
	}
	return true
}

// stripJPEG walks the primary image segment by segment, through the
// entropy-coded data of every scan, to its EOI; it returns nil if the
// structure is broken (including a missing EOI or a second SOI inside).
func stripJPEG(b []byte, share bool) []byte {
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		return nil
	}
	out := []byte{0xFF, 0xD8}
	i := 2
	for {
		if i >= len(b) || b[i] != 0xFF {
			return nil
		}
		for i < len(b) && b[i] == 0xFF { // fill bytes before a marker
			i++
		}
		if i >= len(b) {
			return nil
		}
		m := b[i]
		i++
		switch {
		case m == 0xD9: // EOI: whatever follows is not the primary image
			return append(out, 0xFF, 0xD9)
		case m == 0xD8 || m == 0x00:
			return nil
		case m >= 0xD0 && m <= 0xD7 || m == 0x01: // no length
			out = append(out, 0xFF, m)
			continue
		}
		if i+2 > len(b) {
			return nil
		}
		n := int(binary.BigEndian.Uint16(b[i:]))
		if n < 2 || i+n > len(b) {
			return nil
		}
		if keepJPEG(m, b[i+2:i+n], share) {
			out = append(out, 0xFF, m)
			out = append(out, b[i:i+n]...)
		}
		i += n
		if m != 0xDA {
			continue
		}
		// Entropy-coded data runs to the next marker that is neither a
		// stuffed zero, a restart marker nor a fill byte.
		j := i
		for {
			k := bytes.IndexByte(b[j:], 0xFF)
			if k < 0 || j+k+1 >= len(b) {
				return nil
			}
			j += k
			if next := b[j+1]; next == 0x00 || next >= 0xD0 && next <= 0xD7 || next == 0xFF {
				j++
				continue
			}
			break
		}
		out = append(out, b[i:j]...)
		i = j
	}
}

// pngKeep are the chunks decoding and faithful colours need; every other
// chunk (text, EXIF unless shared, time, animation frames, vendor and
// private chunks) is dropped.
var pngKeep = map[string]bool{"IHDR": true, "PLTE": true, "IDAT": true, "IEND": true, "tRNS": true,
	"gAMA": true, "cHRM": true, "sRGB": true, "iCCP": true, "sBIT": true, "pHYs": true}

// stripPNG keeps the chunks in pngKeep (and eXIf when the location is
// shared) up to IEND; nil if the structure is broken.
func stripPNG(b []byte, share bool) []byte {
	sig := []byte("\x89PNG\r\n\x1a\n")
	if !bytes.HasPrefix(b, sig) {
		return nil
	}
	out := append([]byte(nil), sig...)
	i := len(sig)
	for i+12 <= len(b) {
		n := int(binary.BigEndian.Uint32(b[i : i+4]))
		if n < 0 || n > len(b) || i+12+n > len(b) {
			return nil
		}
		typ := string(b[i+4 : i+8])
		if pngKeep[typ] || share && typ == "eXIf" {
			out = append(out, b[i:i+12+n]...)
		}
		i += 12 + n
		if typ == "IEND" {
			return out
		}
	}
	return nil
}
