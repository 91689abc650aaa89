package report

import (
	"context"

	"mutu/internal/region"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// FrontSource is what a kop surat needs from storage: the region's path
// from the province down and the logo of the nearest region that has one.
// *store.DB implements it; tests may hand in a fake.
type FrontSource interface {
	RegionPath(ctx context.Context, code string) ([]region.Region, error)
	LogoFor(ctx context.Context, regionCode string) (*store.RegionLogo, error)
}

// assembleFront reads the kop surat and the head of the unit: the
// government from the unit's region path (path, province first), the
// unit's contacts and head, and the logo of the nearest region that has one.
func assembleFront(ctx context.Context, src FrontSource, u *unit.Unit, path []region.Region) (Front, error) {
	f := Front{Address: u.Address, Phone: u.Phone, Email: u.Email, Website: u.Website,
		Head: Head{Name: u.HeadName, NIP: u.HeadNIP, Position: u.HeadPosition}}
	f.Government, f.Place = GovernmentLines(path), SigningPlace(path)
	logo, err := src.LogoFor(ctx, u.RegionCode)
	if err != nil {
		return Front{}, err
	}
	if logo != nil {
		f.Logo = logo.Logo.Data
	}
	return f, nil
}

// RegionFront reads the kop surat of a region's own paper (the city
// recap): its government, signing place and the nearest logo; no unit.
func RegionFront(ctx context.Context, src FrontSource, regionCode string) (Front, error) {
	path, err := src.RegionPath(ctx, regionCode)
	if err != nil {
		return Front{}, err
	}
	return assembleFront(ctx, src, &unit.Unit{RegionCode: regionCode}, path)
}
