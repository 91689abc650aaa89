package store_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"mutu/internal/audit"
	"mutu/internal/i18n"
)

// TestAuditActionsAreListed: every action the store writes is in
// audit.Actions (the audit page's filter list) with a label in both
// catalogs, so no row shows a raw key and none is out of the filter's reach.
func TestAuditActionsAreListed(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	// Action: "x", action := "x", action = "x", and auditHeld's argument.
	re := regexp.MustCompile(`(?:Action: |action :?= |auditHeld\(ctx, \w+, actor, )"([a-z_]+\.[a-z_.]+)"`)
	var written []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			written = append(written, m[1])
		}
	}
	if len(written) < 20 {
		t.Fatalf("found only %d actions written: %v", len(written), written)
	}
	for _, a := range written {
		if !slices.Contains(audit.Actions, a) {
			t.Errorf("the store writes %q, which audit.Actions does not list", a)
		}
	}
	for _, a := range audit.Actions {
		for _, l := range []i18n.Lang{i18n.ID, i18n.EN} {
			if _, ok := i18n.Catalog(l)["audit.act."+a]; !ok {
				t.Errorf("%s: no label audit.act.%s", l, a)
			}
		}
	}
}
