package attach

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"

	"mutu/internal/errs"
)

func logoImage(w, h int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.NRGBA{uint8(x), uint8(y), 0x80, 0xff})
		}
	}
	return img
}

func encoded(t testing.TB, enc func(*bytes.Buffer, image.Image) error, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := enc(&b, logoImage(w, h)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func pngOf(b *bytes.Buffer, img image.Image) error { return png.Encode(b, img) }
func jpegOf(b *bytes.Buffer, img image.Image) error {
	return jpeg.Encode(b, img, nil)
}
func gifOf(b *bytes.Buffer, img image.Image) error { return gif.Encode(b, img, nil) }

func TestCheckLogo(t *testing.T) {
	good := encoded(t, pngOf, 120, 140)
	// A text chunk before IEND (metadata) and bytes after it must not survive.
	withText := append([]byte(nil), good[:len(good)-12]...)
	withText = append(withText, chunk("tEXt", "Author\x00someone")...)
	withText = append(withText, good[len(good)-12:]...)
	withText = append(withText, []byte("trailing secret")...)

	l, err := CheckLogo(withText)
	if err != nil {
		t.Fatal(err)
	}
	if l.ContentType != "image/png" || l.Width != 120 || l.Height != 140 {
		t.Errorf("%+v", l)
	}
	if bytes.Contains(l.Data, []byte("someone")) || bytes.Contains(l.Data, []byte("trailing")) {
		t.Error("metadata or trailing bytes survive the re-encoding")
	}
	if _, err := png.Decode(bytes.NewReader(l.Data)); err != nil {
		t.Errorf("re-encoded PNG: %v", err)
	}
	if l, err := CheckLogo(encoded(t, jpegOf, 200, 100)); err != nil || l.ContentType != "image/jpeg" || l.Width != 200 {
		t.Errorf("JPEG: %+v %v", l, err)
	}

	for _, tc := range []struct {
		name string
		b    []byte
		key  string
	}{
		{"empty", nil, "logo.err.empty"},
		{"too large", append(append([]byte(nil), good...), make([]byte, MaxLogoBytes)...), "logo.err.too_large"},
		{"GIF", encoded(t, gifOf, 100, 100), "logo.err.type"},
		{"text named .png", []byte("<svg xmlns='http://www.w3.org/2000/svg'/>"), "logo.err.type"},
		{"broken PNG", good[:60], "logo.err.image"},
		{"too small", encoded(t, pngOf, 16, 16), "logo.err.dimensions"},
		{"too wide", encoded(t, pngOf, MaxLogoSide+1, 40), "logo.err.dimensions"},
	} {
		_, err := CheckLogo(tc.b)
		e, ok := errs.As(err)
		if !ok || e.Code != errs.Invalid || len(e.Fields) != 1 || e.Fields[0].Name != "logo" || e.Fields[0].Key != tc.key {
			t.Errorf("%s: %v, want %s on the field logo", tc.name, err, tc.key)
		}
	}
}

// FuzzCheckLogo: any upload is refused with a field error or comes back as
// a re-encoded PNG or JPEG within the limits; nothing panics.
func FuzzCheckLogo(f *testing.F) {
	f.Add(encoded(f, pngOf, 40, 40))
	f.Add(encoded(f, jpegOf, 64, 32))
	f.Add(encoded(f, gifOf, 40, 40))
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		logo, err := CheckLogo(b)
		if err != nil {
			if e, ok := errs.As(err); !ok || e.Code != errs.Invalid {
				t.Fatalf("%v: not an invalid-input error", err)
			}
			return
		}
		if logo.ContentType != "image/png" && logo.ContentType != "image/jpeg" {
			t.Fatalf("content type %q", logo.ContentType)
		}
		if logo.Width < MinLogoSide || logo.Width > MaxLogoSide || logo.Height < MinLogoSide || logo.Height > MaxLogoSide {
			t.Fatalf("%d×%d accepted", logo.Width, logo.Height)
		}
		if _, _, err := image.Decode(bytes.NewReader(logo.Data)); err != nil {
			t.Fatalf("re-encoded logo does not decode: %v", err)
		}
	})
}
