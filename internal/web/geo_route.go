package web

import (
	"context"

	"mutu/internal/geo"
	"mutu/internal/unit"
)

// pointRoute is where a report located by a point goes: the smallest
// region whose boundary holds the point, and the unit receiving it there.
type pointRoute struct {
	Located  string     // the region's code
	Receiver *unit.Unit // its office, else the nearest complaint desk above it
}

// routePoint is the one rule every channel (the public form, Open311)
// applies to a report located by a point: the kelurahan holding it, whose
// kelurahan office receives it, or, where that region has no office, the
// nearest complaint desk up the hierarchy (store.ReceiverAt); a point in a
// sliver between kelurahan is located in the smallest region holding it
// (a kecamatan, a city). It returns nil for a point outside every
// boundary; the channels word that each in its own way. An error is a
// failure to read, or no desk anywhere above (errs.NotFound).
func (s *Server) routePoint(ctx context.Context, pt geo.Point) (*pointRoute, error) {
	chain, err := s.locate(ctx, pt)
	if err != nil || len(chain) == 0 {
		return nil, err
	}
	located := chain[len(chain)-1].Code
	u, err := s.db.ReceiverAt(ctx, located)
	if err != nil {
		return nil, err
	}
	return &pointRoute{Located: located, Receiver: u}, nil
}
