package attach

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"net/http"

	"mutu/internal/errs"
)

// Limits of a government logo for the kop surat: small, since it prints at
// 24 mm (600 px is 635 dpi there), and checked before it is decoded.
const (
	MaxLogoBytes = 512 << 10
	MaxLogoSide  = 2000 // pixels, either side
	MinLogoSide  = 32
)

// Logo is a checked logo, re-encoded.
type Logo struct {
	ContentType   string // image/png or image/jpeg
	Data          []byte
	Width, Height int
}

// CheckLogo checks an uploaded logo and returns it re-encoded: the type is
// decided by content (PNG or JPEG only), the size and dimensions are
// bounded before the pixels are decoded, and the image is decoded in full
// and written out again in its own format, so nothing but pixels survives
// (no metadata, no trailing data, no second image). Errors are about the
// field "logo".
func CheckLogo(b []byte) (Logo, error) {
	switch {
	case len(b) == 0:
		return Logo{}, errs.InvalidField("logo", "logo.err.empty")
	case len(b) > MaxLogoBytes:
		return Logo{}, errs.InvalidField("logo", "logo.err.too_large", MaxLogoBytes>>10)
	}
	ct := http.DetectContentType(b)
	if ct != "image/png" && ct != "image/jpeg" {
		return Logo{}, errs.InvalidField("logo", "logo.err.type")
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return Logo{}, errs.InvalidField("logo", "logo.err.image")
	}
	if cfg.Width > MaxLogoSide || cfg.Height > MaxLogoSide || cfg.Width < MinLogoSide || cfg.Height < MinLogoSide {
		return Logo{}, errs.InvalidField("logo", "logo.err.dimensions", MinLogoSide, MaxLogoSide)
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return Logo{}, errs.InvalidField("logo", "logo.err.image")
	}
	var out bytes.Buffer
	if ct == "image/png" {
		err = png.Encode(&out, img)
	} else {
		err = jpeg.Encode(&out, img, &jpeg.Options{Quality: 92})
	}
	if err != nil {
		return Logo{}, errs.InvalidField("logo", "logo.err.image")
	}
	return Logo{ContentType: ct, Data: out.Bytes(), Width: cfg.Width, Height: cfg.Height}, nil
}
