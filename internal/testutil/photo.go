package testutil

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/jpeg"
	"math"
)

// PhotoWithGPS is a small JPEG whose EXIF block records a location, as a
// phone writes it: a big-endian TIFF structure whose IFD0 points to a GPS
// IFD with the hemispheres and the degrees, minutes and seconds as
// rationals.
func PhotoWithGPS(lat, lon float64) []byte {
	var img bytes.Buffer
	if err := jpeg.Encode(&img, image.NewGray(image.Rect(0, 0, 8, 8)), nil); err != nil {
		panic(err)
	}
	o := binary.BigEndian
	t := []byte("MM\x00*\x00\x00\x00\x08") // header, IFD0 at 8
	entry := func(tag, typ uint16, count, value uint32) []byte {
		e := make([]byte, 12)
		o.PutUint16(e, tag)
		o.PutUint16(e[2:], typ)
		o.PutUint32(e[4:], count)
		o.PutUint32(e[8:], value)
		return e
	}
	// IFD0: one entry, the GPS IFD pointer (to 26: 8 + 2 + 12 + 4).
	t = append(t, 0, 1)
	t = append(t, entry(0x8825, 4, 1, 26)...)
	t = append(t, 0, 0, 0, 0)
	// GPS IFD at 26: four entries (2 + 48 + 4 bytes), rationals after it at 80 and 104.
	ref := func(c byte) uint32 { return uint32(c) << 24 }
	latRef, lonRef := byte('N'), byte('E')
	if lat < 0 {
		latRef, lat = 'S', -lat
	}
	if lon < 0 {
		lonRef, lon = 'W', -lon
	}
	t = append(t, 0, 4)
	t = append(t, entry(1, 2, 2, ref(latRef))...)
	t = append(t, entry(2, 5, 3, 80)...)
	t = append(t, entry(3, 2, 2, ref(lonRef))...)
	t = append(t, entry(4, 5, 3, 104)...)
	t = append(t, 0, 0, 0, 0)
	for _, v := range []float64{lat, lon} {
		d := math.Floor(v)
		m := math.Floor((v - d) * 60)
		s := math.Round(((v-d)*60-m)*60*10000) / 10000
		for _, r := range [][2]uint32{{uint32(d), 1}, {uint32(m), 1}, {uint32(s * 10000), 10000}} {
			t = o.AppendUint32(t, r[0])
			t = o.AppendUint32(t, r[1])
		}
	}
	payload := append([]byte("Exif\x00\x00"), t...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	o.PutUint16(seg[2:], uint16(len(payload)+2))
	b := img.Bytes()
	return append(append(append([]byte{}, b[:2]...), append(seg, payload...)...), b[2:]...)
}
