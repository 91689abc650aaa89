package web_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// untypedPageData are the handler files whose pages still pass
// map[string]any as page data, from before design.md asked for typed
// structs. Convert a page and take its file off the list; never add one.
var untypedPageData = []string{
	"audit_pages.go", "complaint_pages.go", "holiday_pages.go", "notification_pages.go",
	"region_pages.go", "skm_files.go", "skm_pages.go", "sla_pages.go",
}

// TestPageDataIsTyped: page data is a typed struct per page (design.md,
// docs/architecture.md "Where new code goes"): no handler outside the list
// above gives newView, v.Data or a type assertion on it a map[string]any.
func TestPageDataIsTyped(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	isMap := func(e ast.Expr) bool {
		switch x := e.(type) {
		case *ast.CompositeLit:
			e = x.Type
		case *ast.TypeAssertExpr:
			e = x.Type
		default:
			return false
		}
		m, ok := e.(*ast.MapType)
		if !ok {
			return false
		}
		k, _ := m.Key.(*ast.Ident)
		v, _ := m.Value.(*ast.Ident)
		return k != nil && v != nil && k.Name == "string" && v.Name == "any"
	}
	isData := func(e ast.Expr) bool {
		sel, ok := e.(*ast.SelectorExpr)
		return ok && sel.Sel.Name == "Data"
	}
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		var found []string
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.CallExpr: // s.newView(r, title, map[string]any{…})
				if sel, ok := x.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "newView" && len(x.Args) == 3 && isMap(x.Args[2]) {
					found = append(found, fset.Position(x.Pos()).String())
				}
			case *ast.AssignStmt: // v.Data = map[string]any{…}
				for i, lhs := range x.Lhs {
					if isData(lhs) && i < len(x.Rhs) && isMap(x.Rhs[i]) {
						found = append(found, fset.Position(x.Pos()).String())
					}
				}
			case *ast.TypeAssertExpr: // v.Data.(map[string]any)
				if isData(x.X) && isMap(x) {
					found = append(found, fset.Position(x.Pos()).String())
				}
			}
			return true
		})
		if len(found) > 0 && !slices.Contains(untypedPageData, name) {
			t.Errorf("%s passes map[string]any as page data at %s: give the page a typed struct (see unitsData in unit_pages.go)", name, strings.Join(found, ", "))
		}
	}
	if checked < 20 {
		t.Fatalf("checked %d files: not run in internal/web?", checked)
	}
}
