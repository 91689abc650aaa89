package web

import (
	"context"
	"sync"

	"mutu/internal/geo"
)

// places is the boundary data of one version with its point index and
// the maps' geometry drawn from it (maps.go): a new version (an import)
// brings new places, so nothing drawn from old boundaries outlives them.
type places struct {
	version    string
	boundaries []geo.Boundary
	index      *geo.Index
	layouts    sync.Map // layoutKey → *maps.Layout
}

// places returns the stored boundaries with their index, rebuilt only
// when the data version in the database changed (an import on any node):
// a request reads one small row, not every shape.
func (s *Server) places(ctx context.Context) (*places, error) {
	v, err := s.db.BoundaryVersion(ctx)
	if err != nil {
		return nil, err
	}
	if p := s.geo.Load(); p != nil && p.version == v {
		return p, nil
	}
	bs, v, err := s.db.Boundaries(ctx)
	if err != nil {
		return nil, err
	}
	p := &places{version: v, boundaries: bs, index: geo.NewIndex(bs)}
	s.geo.Store(p)
	return p, nil
}

// locate returns the chain of regions holding a point, from the province
// down to the smallest region whose boundary holds it; nil outside every
// boundary.
func (s *Server) locate(ctx context.Context, pt geo.Point) ([]*geo.Boundary, error) {
	p, err := s.places(ctx)
	if err != nil {
		return nil, err
	}
	return p.index.Locate(pt.Orb()), nil
}
