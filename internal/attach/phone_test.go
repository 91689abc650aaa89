package attach

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"mutu/internal/errs"
)

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

// encodeJPEG encodes a w×h picture.
func encodeJPEG(t *testing.T, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, h/2, color.RGBA{10, 200, 10, 255})
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// segment is a JPEG marker segment with its length.
func segment(marker byte, payload string) []byte {
	seg := []byte{0xFF, marker, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	return append(seg, payload...)
}

// afterSOI inserts segments right after a JPEG's SOI.
func afterSOI(b []byte, segs ...[]byte) []byte {
	out := append([]byte(nil), b[:2]...)
	for _, s := range segs {
		out = append(out, s...)
	}
	return append(out, b[2:]...)
}

const (
	gpsPrimary = "GPSLatitude -6.1184 GPSLongitude 106.9061"
	gpsSecond  = "GPSLatitude -6.2001 GPSLongitude 106.8166"
)

// phonePhoto is what many phones write: a primary 40×30 picture with EXIF
// (GPS), XMP, IPTC, an MPF index, a comment and a JFXX thumbnail; after its
// EOI a second full JPEG (a depth or gain map, 16×16) with its own EXIF
// GPS, then a vendor trailer.
func phonePhoto(t *testing.T) []byte {
	primary := afterSOI(encodeJPEG(t, 40, 30),
		segment(0xE1, "Exif\x00\x00"+gpsPrimary),
		segment(0xE1, "http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta>GPano</x:xmpmeta>"),
		segment(0xE2, "MPF\x00MM\x00\x2a second image at offset"),
		segment(0xED, "Photoshop 3.0\x008BIM IPTC city Jakarta"),
		segment(0xFE, "comment: rumah Pak Budi"),
		segment(0xE0, "JFXX\x00\x13 thumbnail"),
		segment(0xE2, "ICC_PROFILE\x00\x01\x01 colours"))
	second := afterSOI(encodeJPEG(t, 16, 16), segment(0xE1, "Exif\x00\x00"+gpsSecond))
	out := append(primary, second...)
	return append(out, "SEFHxxxxSamsung trailer location SEFT"...)
}

// pngWithExtras is a PNG with a text chunk, an eXIf chunk with GPS, a
// private chunk, and a trailer after IEND.
func pngWithExtras(t *testing.T) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	out := afterIHDR(buf.Bytes(), chunk("tEXt", "Comment\x00di rumah"), chunk("eXIf", "MM\x00\x2a"+gpsPrimary), chunk("prVt", "vendor"))
	return append(out, "trailer "+gpsSecond...)
}

// chunk is a PNG chunk with its length and CRC.
func chunk(typ, data string) []byte {
	c := make([]byte, 8)
	binary.BigEndian.PutUint32(c, uint32(len(data)))
	copy(c[4:], typ)
	c = append(c, data...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
}

// afterIHDR inserts chunks right after a PNG's IHDR chunk (8 signature +
// 25 IHDR bytes).
func afterIHDR(b []byte, chunks ...[]byte) []byte {
	out := append([]byte(nil), b[:33]...)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return append(out, b[33:]...)
}

// hasJPEGSegment reports whether a marker segment m appears before the
// first scan.
func hasJPEGSegment(b []byte, m byte) bool {
	i := 2
	for i+4 <= len(b) && b[i] == 0xFF && b[i+1] != 0xDA {
		if b[i+1] == m {
			return true
		}
		i += 2 + int(binary.BigEndian.Uint16(b[i+2:]))
	}
	return false
}

func TestStripPhonePhoto(t *testing.T) {
	b := phonePhoto(t)
	ct, err := Check("foto.jpg", b)
	if err != nil {
		t.Fatal(err)
	}
	for _, share := range []bool{false, true} {
		s, err := Strip("foto.jpg", ct, b, share)
		if err != nil {
			t.Fatalf("share %v: %v", share, err)
		}
		gone := []string{gpsSecond, "http://ns.adobe.com", "MPF\x00", "Photoshop", "rumah Pak Budi", "JFXX", "SEF"}
		if !share {
			gone = append(gone, gpsPrimary, "Exif")
		} else if !bytes.Contains(s, []byte(gpsPrimary)) {
			t.Errorf("share: the primary image's location was removed although the reporter shares it")
		}
		for _, g := range gone {
			if bytes.Contains(s, []byte(g)) {
				t.Errorf("share %v: %q left", share, g)
			}
		}
		if !bytes.Contains(s, []byte("ICC_PROFILE")) {
			t.Errorf("share %v: colour profile dropped", share)
		}
		if bytes.Contains(s[2:], []byte{0xFF, 0xD8}) || !bytes.HasSuffix(s, []byte{0xFF, 0xD9}) {
			t.Errorf("share %v: a second image start is left, or the file does not end at the primary EOI", share)
		}
		img, _, err := image.Decode(bytes.NewReader(s))
		if err != nil {
			t.Fatalf("share %v: %v", share, err)
		}
		if got := img.Bounds().Size(); got != image.Pt(40, 30) {
			t.Errorf("share %v: decodes to %v, want the primary 40×30", share, got)
		}
	}
}

func TestStripPNGExtras(t *testing.T) {
	b := pngWithExtras(t)
	ct, err := Check("foto.png", b)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Strip("foto.png", ct, b, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range []string{"tEXt", "eXIf", "prVt", "trailer", "106.9061", "106.8166"} {
		if bytes.Contains(s, []byte(g)) {
			t.Errorf("%q left", g)
		}
	}
	if _, err := png.Decode(bytes.NewReader(s)); err != nil {
		t.Fatal(err)
	}
	shared := must(Strip("foto.png", ct, b, true))
	if !bytes.Contains(shared, []byte(gpsPrimary)) || bytes.Contains(shared, []byte("trailer")) {
		t.Errorf("shared location: want eXIf kept and the trailer dropped")
	}
}

// TestStripRefusesBrokenImages: a file Check accepts (its header decodes)
// but whose structure cannot be walked is refused, never stored unstripped.
func TestStripRefusesBrokenImages(t *testing.T) {
	photo := phonePhoto(t)
	primary := afterSOI(encodeJPEG(t, 40, 30), segment(0xE1, "Exif\x00\x00"+gpsPrimary))
	pngb := pngWithExtras(t)
	for name, tc := range map[string]struct {
		ct string
		b  []byte
	}{
		"jpeg cut in its scan":     {"image/jpeg", primary[:len(primary)-40]},
		"jpeg without EOI":         {"image/jpeg", primary[:len(primary)-2]},
		"jpeg segment overflows":   {"image/jpeg", append(append([]byte(nil), photo[:2]...), 0xFF, 0xE1, 0xFF, 0xFF, 'E')},
		"png without IEND":         {"image/png", pngb[:len(pngb)-len("trailer "+gpsSecond)-12]},
		"png chunk length too big": {"image/png", append(append([]byte(nil), pngb[:33]...), 0x7F, 0xFF, 0xFF, 0xFF, 't', 'E', 'X', 't')},
	} {
		if _, err := Strip("x", tc.ct, tc.b, false); errs.CodeOf(err) != errs.Invalid {
			t.Errorf("%s: %v, want Invalid", name, err)
		}
	}
}
