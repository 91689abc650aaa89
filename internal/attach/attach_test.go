package attach

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"mutu/internal/errs"
)

func sample() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 8, 6))
	for x := range 8 {
		img.Set(x, 2, color.RGBA{200, 10, 10, 255})
	}
	return img
}

// withEXIF puts an APP1 segment with a fake GPS tag after the JPEG's SOI.
func withEXIF(t *testing.T) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, sample(), nil); err != nil {
		t.Fatal(err)
	}
	return afterSOI(buf.Bytes(), segment(0xE1, "Exif\x00\x00GPSLatitude -6.1184 GPSLongitude 106.9061"))
}

// withText puts a tEXt chunk with a location after the PNG's IHDR.
func withText(t *testing.T) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	return afterIHDR(buf.Bytes(), chunk("tEXt", "Comment\x00taken at -6.1184,106.9061"))
}

func TestCheckAndStrip(t *testing.T) {
	for name, b := range map[string][]byte{"foto.jpg": withEXIF(t), "foto.png": withText(t)} {
		ct, err := Check(name, b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		s, err := Strip(name, ct, b, false)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if bytes.Contains(s, []byte("106.9061")) || !bytes.Contains(b, []byte("106.9061")) {
			t.Errorf("%s: location not stripped", name)
		}
		if _, _, err := image.Decode(bytes.NewReader(s)); err != nil {
			t.Errorf("%s: stripped image does not decode: %v", name, err)
		}
		if len(s) >= len(b) {
			t.Errorf("%s: nothing removed", name)
		}
	}
	pdf := []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
	if ct, err := Check("surat.pdf", pdf); err != nil || ct != "application/pdf" || !bytes.Equal(must(Strip("surat.pdf", ct, pdf, false)), pdf) {
		t.Errorf("pdf: %s %v", ct, err)
	}
	for name, tc := range map[string]struct {
		b    []byte
		code errs.Code
	}{
		"empty":         {nil, errs.Invalid},
		"text as jpg":   {[]byte("bukan gambar"), errs.Invalid},
		"fake jpeg":     {append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, []byte("xxxxxxxxxx")...), errs.Invalid},
		"truncated pdf": {[]byte("%PDF-1.4\n1 0 obj"), errs.Invalid},
		"html":          {[]byte("<html><script>alert(1)</script></html>"), errs.Invalid},
		"too large":     {append([]byte("%PDF-1.4"), make([]byte, MaxBytes)...), errs.TooLarge},
	} {
		if _, err := Check(name, tc.b); errs.CodeOf(err) != tc.code {
			t.Errorf("%s: %v, want %s", name, err, tc.code)
		}
	}
}

func FuzzStrip(f *testing.F) {
	f.Add(withEXIF(&testing.T{}))
	f.Add(withText(&testing.T{}))
	f.Add(phonePhoto(&testing.T{}))
	f.Add(pngWithExtras(&testing.T{}))
	f.Fuzz(func(t *testing.T, b []byte) {
		ct, err := Check("x", b)
		if err != nil {
			return
		}
		for _, share := range []bool{false, true} {
			s, err := Strip("x", ct, b, share)
			if err != nil || ct == "application/pdf" {
				continue
			}
			if _, err := Check("x", s); err != nil {
				t.Fatalf("a valid %s no longer checks after stripping: %v", ct, err)
			}
			// What is kept is kept again: a second pass changes nothing.
			if again, err := Strip("x", ct, s, share); err != nil || !bytes.Equal(again, s) {
				t.Fatalf("stripping %s twice: %v, changed %v", ct, err, !bytes.Equal(again, s))
			}
			if ct == "image/jpeg" && !share && hasJPEGSegment(s, 0xE1) {
				t.Fatalf("APP1 left in a stripped JPEG")
			}
		}
	})
}
