package attach

import (
	"bytes"
	"encoding/binary"
)

// GPS reads the location a JPEG photo's EXIF block records: Strip keeps
// that block only when the reporter chose to share their location. It
// returns latitude and longitude in degrees, and false when the photo has
// no valid location. b may be only the start of the file: the EXIF block
// comes before the image data.
func GPS(b []byte) (lat, lon float64, ok bool) {
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		return 0, 0, false
	}
	for i := 2; i+4 <= len(b) && b[i] == 0xFF; {
		m := b[i+1]
		if m == 0xDA || m == 0xD9 { // the image data: no EXIF after this
			break
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 || i+2+n > len(b) {
			break
		}
		if p := b[i+4 : i+2+n]; m == 0xE1 && bytes.HasPrefix(p, []byte("Exif\x00\x00")) {
			return tiffGPS(p[6:])
		}
		i += 2 + n
	}
	return 0, 0, false
}

// tiffGPS reads the GPS IFD of an EXIF TIFF structure: IFD0's tag 0x8825
// points to it; tags 1–4 are the latitude's hemisphere and value (degrees,
// minutes, seconds as three rationals) and the longitude's.
func tiffGPS(t []byte) (lat, lon float64, ok bool) {
	var o binary.ByteOrder
	switch {
	case bytes.HasPrefix(t, []byte("II*\x00")):
		o = binary.LittleEndian
	case bytes.HasPrefix(t, []byte("MM\x00*")):
		o = binary.BigEndian
	default:
		return 0, 0, false
	}
	u32 := func(at int) (uint32, bool) {
		if at < 0 || at+4 > len(t) {
			return 0, false
		}
		return o.Uint32(t[at:]), true
	}
	// entries returns the 12-byte entries of the IFD at offset off.
	entries := func(off uint32) [][]byte {
		at := int(off)
		if off > uint32(len(t)) || at+2 > len(t) {
			return nil
		}
		var out [][]byte
		for k, n := 0, int(o.Uint16(t[at:])); k < n; k++ {
			e := at + 2 + 12*k
			if e+12 > len(t) {
				break
			}
			out = append(out, t[e:e+12])
		}
		return out
	}
	ifd0, ok := u32(4)
	if !ok {
		return 0, 0, false
	}
	var gpsIFD uint32
	for _, e := range entries(ifd0) {
		if o.Uint16(e) == 0x8825 {
			gpsIFD = o.Uint32(e[8:])
		}
	}
	if gpsIFD == 0 {
		return 0, 0, false
	}
	// degrees reads three RATIONALs (type 5) at the entry's offset.
	degrees := func(e []byte) (float64, bool) {
		if o.Uint16(e[2:]) != 5 || o.Uint32(e[4:]) != 3 {
			return 0, false
		}
		off := int(o.Uint32(e[8:]))
		if off < 0 || off > len(t) {
			return 0, false
		}
		var v float64
		for k, scale := range []float64{1, 60, 3600} {
			num, ok1 := u32(off + 8*k)
			den, ok2 := u32(off + 8*k + 4)
			if !ok1 || !ok2 || den == 0 {
				return 0, false
			}
			v += float64(num) / float64(den) / scale
		}
		return v, true
	}
	var latRef, lonRef byte
	var haveLat, haveLon bool
	for _, e := range entries(gpsIFD) {
		switch o.Uint16(e) {
		case 1:
			latRef = e[8] // ASCII "N" or "S", inline
		case 2:
			lat, haveLat = degrees(e)
		case 3:
			lonRef = e[8]
		case 4:
			lon, haveLon = degrees(e)
		}
	}
	if latRef == 'S' {
		lat = -lat
	}
	if lonRef == 'W' {
		lon = -lon
	}
	if !haveLat || !haveLon || (latRef != 'N' && latRef != 'S') || (lonRef != 'E' && lonRef != 'W') || lat > 90 || lat < -90 || lon > 180 || lon < -180 {
		return 0, 0, false
	}
	return lat, lon, true
}
