package web

import (
	"net/http"
	"strings"
	"testing"
)

// TestReplicaRoutesExist: every route sent to the replica is a route, and a
// GET (writes never read a replica).
func TestReplicaRoutesExist(t *testing.T) {
	routes := map[string]bool{}
	for _, rt := range (&Server{}).Routes() {
		routes[rt.pattern] = true
	}
	for p := range replicaRoutes {
		if !routes[p] || !strings.HasPrefix(p, http.MethodGet+" ") {
			t.Errorf("replica route %q: not a GET route of routes.go", p)
		}
	}
}
