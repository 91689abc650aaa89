package i18n_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"mutu/internal/account"
	"mutu/internal/errs"
	"mutu/internal/i18n"
	"mutu/internal/region"
	"mutu/internal/unit"
)

// verbRE matches a fmt verb with its flags, argument index, width and precision.
var verbRE = regexp.MustCompile(`%[-+# 0]*(\[\d+\])?(\d+|\*)?(\.(\d+|\*)?)?[a-zA-Z%]`)

func verbs(s string) []string {
	var out []string
	for _, v := range verbRE.FindAllString(s, -1) {
		if v != "%%" {
			out = append(out, v)
		}
	}
	return out
}

func TestVerbs(t *testing.T) {
	got := verbs("Halaman %d dari %d; 100%% %s %v %[2]d %5.2f")
	want := []string{"%d", "%d", "%s", "%v", "%[2]d", "%5.2f"}
	if !slices.Equal(got, want) {
		t.Errorf("verbs = %q; want %q", got, want)
	}
}

// TestCatalogFiles reads the JSON files themselves: duplicate keys would be
// silently merged by json.Unmarshal.
func TestCatalogFiles(t *testing.T) {
	for _, l := range i18n.Langs {
		b, err := os.ReadFile("catalog/" + string(l) + ".json")
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			t.Fatalf("%s.json does not start with an object: %v %v", l, tok, err)
		}
		seen := map[string]bool{}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				t.Fatalf("%s.json: %v", l, err)
			}
			key := tok.(string)
			var val string
			if err := dec.Decode(&val); err != nil {
				t.Fatalf("%s.json: key %q: value is not a string: %v", l, key, err)
			}
			if seen[key] {
				t.Errorf("%s.json: key %q appears twice", l, key)
			}
			seen[key] = true
			if strings.TrimSpace(val) == "" {
				t.Errorf("%s.json: key %q has an empty message", l, key)
			}
			if key != strings.TrimSpace(key) || strings.ContainsAny(key, " \t\n%") {
				t.Errorf("%s.json: key %q is not a dotted name", l, key)
			}
		}
		if len(seen) != len(i18n.Catalog(l)) {
			t.Errorf("%s.json: %d keys in the file, %d in the catalog", l, len(seen), len(i18n.Catalog(l)))
		}
	}
}

func TestCatalogsMatch(t *testing.T) {
	id, en := i18n.Catalog(i18n.ID), i18n.Catalog(i18n.EN)
	if len(id) < 100 {
		t.Fatalf("Indonesian catalog has only %d keys", len(id))
	}
	for k := range id {
		if _, ok := en[k]; !ok {
			t.Errorf("key %q is in id.json but not in en.json", k)
		}
	}
	for k := range en {
		if _, ok := id[k]; !ok {
			t.Errorf("key %q is in en.json but not in id.json", k)
		}
	}
	allowed := map[string]bool{"%d": true, "%s": true, "%v": true}
	for k, msgID := range id {
		msgEN, ok := en[k]
		if !ok {
			continue
		}
		vi, ve := verbs(msgID), verbs(msgEN)
		if !slices.Equal(vi, ve) {
			t.Errorf("key %q: verbs %q in id.json, %q in en.json", k, vi, ve)
		}
		for _, v := range vi {
			if !allowed[v] {
				t.Errorf("key %q: verb %s; use %%d, %%s or %%v", k, v)
			}
		}
		// A lone % that is not a verb would print %!(NOVERB) or eat an argument.
		for _, msg := range []string{msgID, msgEN} {
			if rest := verbRE.ReplaceAllString(msg, ""); strings.Contains(rest, "%") {
				t.Errorf("key %q: stray %% in %q", k, msg)
			}
		}
	}
}

// templateKeyRE matches {{.T "key"}}, {{$.T "key" …}} and {{$v.T "key"}}.
var templateKeyRE = regexp.MustCompile(`\.T\s+"([^"]*)"`)

// TestTemplateKeys: every literal key the templates translate exists.
func TestTemplateKeys(t *testing.T) {
	const dir = "../web/templates"
	used := map[string][]string{}
	files := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		for _, m := range templateKeyRE.FindAllSubmatch(b, -1) {
			used[string(m[1])] = append(used[string(m[1])], path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 5 || len(used) < 50 {
		t.Fatalf("found %d keys in %d templates; is %s the template directory?", len(used), files, dir)
	}
	var missing []string
	for k, paths := range used {
		if !i18n.Has(k) {
			missing = append(missing, k+" (in "+strings.Join(slices.Compact(paths), ", ")+")")
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("template key missing from the catalog: %s", m)
	}
}

// sourceKeyRE matches message keys in Go code: errs.New(code, "key"…),
// errs.Fields("key"…), errs.Wrap(err, "key"), Key: "key", and T("key"…).
var sourceKeyRE = regexp.MustCompile(`(?:errs\.New\([^,()]+,\s*|errs\.Fields\(\s*|errs\.Wrap\([^,()]+,\s*|Key:\s*|\bT\(\s*(?:[a-zA-Z.]+,\s*)?)"([a-z_]+(?:\.[a-z0-9_]+)+)"`)

// TestSourceKeys: every literal key the Go code (outside tests) of these
// packages uses exists.
func TestSourceKeys(t *testing.T) {
	used := map[string]string{}
	for _, dir := range []string{"../region", "../unit", "../account", "../tabular", "../errs", "../web"} {
		paths, err := filepath.Glob(dir + "/*.go")
		if err != nil || len(paths) == 0 {
			t.Fatalf("no Go files in %s: %v", dir, err)
		}
		for _, path := range paths {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range sourceKeyRE.FindAllSubmatch(b, -1) {
				used[string(m[1])] = path
			}
		}
	}
	if len(used) < 30 {
		t.Fatalf("found only %d keys in the Go sources", len(used))
	}
	for k, path := range used {
		if !i18n.Has(k) {
			t.Errorf("key %q (in %s) is missing from the catalog", k, path)
		}
	}
}

// TestDynamicKeys: keys the templates and handlers build with printf or "+".
func TestDynamicKeys(t *testing.T) {
	var keys []string
	for _, l := range region.Levels {
		keys = append(keys, "level."+string(l), "level."+string(l)+".plural")
	}
	for _, r := range account.Roles {
		keys = append(keys, "role."+string(r), "dashboard.role."+string(r))
	}
	for _, s := range []string{"name", "code", "type", "region"} { // units.html sort options
		keys = append(keys, "units.sort_"+s)
	}
	// Forms show "field.<name>" for every field a validator names.
	var fields []errs.Field
	fields = append(fields, region.Region{Code: "31", Level: region.City, ParentCode: "1"}.Validate()...)
	u := unit.Unit{Code: "x", TypeCode: "X", RegionCode: "x", Address: strings.Repeat("a", 501), OpeningHours: strings.Repeat("a", 301),
		Phone: "x", Email: "x", Website: "x", Instagram: "x", Facebook: "x", X: "x", YouTube: "x", TikTok: "x"}
	fields = append(fields, u.Validate()...)
	s := unit.Service{Code: "X", Description: strings.Repeat("a", 2001)}
	fields = append(fields, s.Validate()...)
	_, problems, err := unit.ParseCSV(strings.NewReader("unit_code,name,type,region_code,services\nx,,X,x,a;a\n"))
	if err != nil {
		t.Fatal(err)
	}
	fields = append(fields, problems...)
	fields = append(fields, (&account.User{Role: account.Operator}).Validate()...)
	fields = append(fields, (&account.User{Role: "x"}).Validate()...)
	fields = append(fields, account.ValidatePassword("", "")...)
	if len(fields) < 25 {
		t.Fatalf("only %d field errors collected", len(fields))
	}
	for _, f := range fields {
		keys = append(keys, "field."+f.Name, f.Key)
	}
	for _, k := range slices.Compact(slices.Sorted(slices.Values(keys))) {
		if !i18n.Has(k) {
			t.Errorf("key %q is missing from the catalog", k)
		}
	}
}
