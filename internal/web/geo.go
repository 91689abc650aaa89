package web

import (
	"context"

	"mutu/internal/geo"
)

// boundaries returns the region boundaries the deployment knows: for now
// the ones shipped with the binary (DKI Jakarta).
func (s *Server) boundaries(ctx context.Context) ([]geo.Boundary, error) {
	return geo.DKIJakarta()
}
