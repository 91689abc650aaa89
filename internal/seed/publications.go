package seed

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"time"

	"mutu/internal/audit"
	"mutu/internal/clock"
	"mutu/internal/standard"
	"mutu/internal/store"
)

// demoRegister is the demo's publication register: which services'
// standards are published where. Dukcapil publishes everywhere, the
// Puskesmas Penjaringan only on its notice board (and one post), PM-PTSP
// only on its website, and Puskesmas Tanjung Priok and the kelurahan have
// recorded nothing, so that the register's gaps mean something.
var demoRegister = []struct {
	unit, service string // unit code, service name
	places        []standard.PublicationKind
}{
	{"DKP-31.72", "KTP-el", []standard.PublicationKind{standard.Website, standard.Social, standard.Board}},
	{"DKP-31.72", "Akta Kelahiran", []standard.PublicationKind{standard.Website, standard.Board}},
	{"PKM-31.72.01", "Pemeriksaan kesehatan calon pengantin (catin)", []standard.PublicationKind{standard.Board}},
	{"PKM-31.72.01", "Imunisasi", []standard.PublicationKind{standard.Social, standard.Board}},
	{"PTSP-31.72", "Persetujuan Bangunan Gedung (PBG)", []standard.PublicationKind{standard.Website}},
}

// Publications seeds the demo's publication register. The demo runs
// offline, so its online entries point at Mutu's own public pages under
// baseURL (a website entry at the service's page, a social-media entry at
// the unit's page, where a post's link would lead); the server lets the
// link checker reach its own listen address in demo mode, so they are
// checked like any other. Notice-board photos are drawn here and written
// under attachmentDir like uploaded evidence.
func Publications(ctx context.Context, db *store.DB, baseURL, attachmentDir string, now time.Time) error {
	baseURL = strings.TrimSuffix(baseURL, "/")
	photo, err := boardPhoto()
	if err != nil {
		return err
	}
	for i, e := range demoRegister {
		u, err := db.UnitByCode(ctx, e.unit)
		if err != nil {
			return err
		}
		svc := serviceNamed(u, e.service)
		if svc == nil {
			return fmt.Errorf("seed register: %s has no service %q", e.unit, e.service)
		}
		for _, kind := range e.places {
			in := standard.PublicationInput{Kind: string(kind)}
			switch kind {
			case standard.Website:
				in.URL = baseURL + "/unit/" + u.Code + "/layanan/" + svc.Code
			case standard.Social:
				in.URL = baseURL + "/unit/" + u.Code
			case standard.Board:
				in.Photo = true
				in.SeenOn = now.AddDate(0, 0, -20-7*i).In(clock.Jakarta).Format(time.DateOnly)
			}
			p, err := in.Validate(now)
			if err != nil {
				return fmt.Errorf("seed register %s: %w", e.unit, err)
			}
			p.ID = store.NewID()
			var files []store.EvidenceFile
			if kind == standard.Board {
				f, err := writeEvidence(store.EvidenceDir(attachmentDir, p.ID), "papan-informasi-"+svc.Code+".jpg", "image/jpeg", photo)
				if err != nil {
					return err
				}
				files = append(files, f)
			}
			if err := db.AddPublication(ctx, audit.CLI, u, svc, &p, files); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeEvidence writes one evidence file the way an upload is written.
func writeEvidence(dir, name, contentType string, b []byte) (store.EvidenceFile, error) {
	f := store.EvidenceFile{Attachment: store.Attachment{ID: store.NewID(), Filename: name, ContentType: contentType, Size: int64(len(b))},
		Kind: "photo"}
	sum := sha256.Sum256(b)
	f.SHA256 = hex.EncodeToString(sum[:])
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return f, err
	}
	return f, os.WriteFile(filepath.Join(dir, f.ID), b, 0o640)
}

// boardPhoto draws a stand-in for a photo of a notice board: a cork board
// with pinned sheets.
func boardPhoto() ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, 640, 480))
	draw.Draw(img, img.Bounds(), &image.Uniform{color.RGBA{0x9c, 0x6b, 0x3c, 0xff}}, image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(30, 30, 610, 450), &image.Uniform{color.RGBA{0xc8, 0x9b, 0x64, 0xff}}, image.Point{}, draw.Src)
	for i, x := range []int{60, 240, 420} {
		draw.Draw(img, image.Rect(x, 60, x+160, 280+20*i), image.White, image.Point{}, draw.Src)
		for y := 90; y < 260+20*i; y += 18 {
			draw.Draw(img, image.Rect(x+15, y, x+145, y+6), &image.Uniform{color.RGBA{0x44, 0x44, 0x44, 0xff}}, image.Point{}, draw.Src)
		}
	}
	var b bytes.Buffer
	err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 80})
	return b.Bytes(), err
}
