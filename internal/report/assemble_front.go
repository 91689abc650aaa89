package report

import (
	"context"

	"mutu/internal/region"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// assembleFront reads the kop surat and the head of the unit: the
// government from the unit's region path (path, province first), the
// unit's contacts and head, and the logo of the nearest region that has one.
func assembleFront(ctx context.Context, db *store.DB, u *unit.Unit, path []region.Region) (Front, error) {
	f := Front{Address: u.Address, Phone: u.Phone, Email: u.Email, Website: u.Website,
		Head: Head{Name: u.HeadName, NIP: u.HeadNIP, Position: u.HeadPosition}}
	f.Government, f.Place = GovernmentLines(path), SigningPlace(path)
	logo, err := db.LogoFor(ctx, u.RegionCode)
	if err != nil {
		return Front{}, err
	}
	if logo != nil {
		f.Logo = logo.Logo.Data
	}
	return f, nil
}
