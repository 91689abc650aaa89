package unit_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"mutu/internal/errs"
	"mutu/internal/unit"
)

func TestSlug(t *testing.T) {
	tests := []struct{ name, want string }{
		{"KTP-el", "ktp-el"},
		{"Akta Kelahiran", "akta-kelahiran"},
		{"Kartu Keluarga (KK)", "kartu-keluarga-kk"},
		{"Surat Pindah/Datang", "surat-pindah-datang"},
		{"Perizinan berusaha berbasis risiko (OSS/NIB)", "perizinan-berusaha-berbasis-risiko-oss-nib"},
		{"Layanan non-perizinan (surat keterangan)", "layanan-non-perizinan-surat-keterangan"},
		{"Izin 2026", "izin-2026"},
		{"a   b", "a-b"},
		{"a_b.c,d;e:f", "a-b-c-d-e-f"},
		{"a - b -- c", "a-b-c"},
		{"  --Legalisir ijazah--  ", "legalisir-ijazah"},
		{"(KIA)", "kia"},
		{"\tTab\nNewline\r", "tab-newline"},
		// Accents dropped, compatibility forms folded.
		{"Pelayanan Café Élite", "pelayanan-cafe-elite"},
		{"Ñandú über Ångström", "nandu-uber-angstrom"},
		{"İzin", "izin"},
		{"Ｋａｒｔｕ　Ｋｅｌｕａｒｇａ", "kartu-keluarga"}, // full-width letters and space
		{"ﬁle", "file"}, // ligature
		{"½ hari", "1-2-hari"},
		{"Layanan²", "layanan2"},
		// Decompositions to capitals still give a lower-case slug.
		{"Layanan™", "layanantm"},
		{"𝐀𝐁𝐂", "abc"},
		{"ℍ𝕆𝕊ℙ𝕀𝕋𝔸𝕃", "hospital"},
		{"Ⓐ Ⓑ", "a-b"},
		// Letters without an ASCII form separate words.
		{"straße", "stra-e"},
		{"Пункт 1", "1"},
		// Nothing usable left: a generic code.
		{"", "layanan"},
		{"   ", "layanan"},
		{"!!!", "layanan"},
		{"—", "layanan"},
		{"---", "layanan"},
		{"()/()", "layanan"},
		{"日本語", "layanan"},
		{"🙂🙂", "layanan"},
	}
	for _, tt := range tests {
		got := unit.Slug(tt.name)
		if got != tt.want {
			t.Errorf("Slug(%q) = %q; want %q", tt.name, got, tt.want)
		}
		if !unit.ValidServiceCode(got) {
			t.Errorf("Slug(%q) = %q is not a valid service code", tt.name, got)
		}
	}
}

func TestSlugCap(t *testing.T) {
	a := func(n int) string { return strings.Repeat("a", n) }
	tests := []struct{ name, want string }{
		{a(50), a(50)},
		{a(51), a(50)},
		{a(200), a(50)},
		{a(49) + " b", a(49)},          // the dash would be the 50th byte: dropped
		{a(48) + " bcd", a(48) + "-b"}, // cut in the middle of a word
		{a(49) + "é", a(49) + "e"},
		{a(49) + "ée", a(49) + "e"},
		{a(10) + strings.Repeat(" !", 100) + "b", a(10) + "-b"},
		{strings.Repeat("ab ", 30), strings.TrimSuffix(strings.Repeat("ab-", 17), "-")},
	}
	for _, tt := range tests {
		got := unit.Slug(tt.name)
		if got != tt.want {
			t.Errorf("Slug(%q) = %q; want %q", tt.name, got, tt.want)
		}
	}
	// Any length, any position of the separators: never over 50, never ends in "-".
	for n := 40; n <= 60; n++ {
		for gap := 1; gap <= 5; gap++ {
			var b strings.Builder
			for i := 0; i < n; i++ {
				if i%(gap+1) == gap {
					b.WriteString(" / ")
				} else {
					b.WriteByte('x')
				}
			}
			got := unit.Slug(b.String())
			if len(got) > 50 || strings.HasSuffix(got, "-") || strings.HasPrefix(got, "-") || strings.Contains(got, "--") {
				t.Errorf("Slug(%q) = %q", b.String(), got)
			}
		}
	}
}

func TestUniqueSlug(t *testing.T) {
	tests := []struct {
		name  string
		taken []string
		want  string
	}{
		{"KTP-el", nil, "ktp-el"},
		{"KTP-el", []string{"ktp"}, "ktp-el"},
		{"KTP-el", []string{"ktp-el"}, "ktp-el-2"},
		{"KTP-el", []string{"ktp-el", "ktp-el-2", "ktp-el-3"}, "ktp-el-4"},
		{"KTP-el", []string{"ktp-el-2"}, "ktp-el"},
		{"!!!", []string{"layanan"}, "layanan-2"},
		{strings.Repeat("a", 80), []string{strings.Repeat("a", 50)}, strings.Repeat("a", 50) + "-2"},
	}
	for _, tt := range tests {
		got := unit.UniqueSlug(tt.name, func(s string) bool { return slices.Contains(tt.taken, s) })
		if got != tt.want {
			t.Errorf("UniqueSlug(%q, %q) = %q; want %q", tt.name, tt.taken, got, tt.want)
		}
		if !unit.ValidServiceCode(got) {
			t.Errorf("UniqueSlug(%q) = %q is not a valid service code", tt.name, got)
		}
	}
	// Many services of one name get distinct codes.
	seen := map[string]bool{}
	for range 120 {
		c := unit.UniqueSlug("Layanan", func(s string) bool { return seen[s] })
		if seen[c] {
			t.Fatalf("UniqueSlug returned taken %q", c)
		}
		seen[c] = true
	}
}

func TestNormalizeAndValidCode(t *testing.T) {
	tests := []struct {
		in, norm string
		ok       bool
	}{
		{"PKM-31.72.01", "PKM-31.72.01", true},
		{" pkm-31.72.01 ", "PKM-31.72.01", true},
		{"ab", "AB", true},
		{"a", "A", false},
		{"A_B", "A_B", true},
		{"1A", "1A", true},
		{strings.Repeat("A", 40), strings.Repeat("A", 40), true},
		{strings.Repeat("A", 41), strings.Repeat("A", 41), false},
		{"-AB", "-AB", false},
		{".AB", ".AB", false},
		{"_AB", "_AB", false},
		{"A B", "A B", false},
		{"A/B", "A/B", false},
		{"ÄB", "ÄB", false},
		{"", "", false},
	}
	for _, tt := range tests {
		n := unit.NormalizeCode(tt.in)
		if n != tt.norm {
			t.Errorf("NormalizeCode(%q) = %q; want %q", tt.in, n, tt.norm)
		}
		if got := unit.ValidCode(n); got != tt.ok {
			t.Errorf("ValidCode(%q) = %v; want %v", n, got, tt.ok)
		}
	}
	if unit.ValidCode("pkm-1") {
		t.Errorf("ValidCode accepts a lower-case code")
	}
}

func TestValidServiceCode(t *testing.T) {
	tests := []struct {
		s  string
		ok bool
	}{
		{"a", true},
		{"1", true},
		{"ktp-el", true},
		{"ktp-el-2", true},
		{strings.Repeat("a", 60), true},
		{strings.Repeat("a", 61), false},
		{"", false},
		{"-a", false},
		{"KTP", false},
		{"ktp_el", false},
		{"ktp el", false},
		{"ktp.el", false},
		{"é", false},
	}
	for _, tt := range tests {
		if got := unit.ValidServiceCode(tt.s); got != tt.ok {
			t.Errorf("ValidServiceCode(%q) = %v; want %v", tt.s, got, tt.ok)
		}
	}
}

func fieldKeys(fs []errs.Field) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Name+":"+f.Key)
	}
	return out
}

func goodUnit() unit.Unit {
	return unit.Unit{Code: "PKM-31.72.01", Name: "Puskesmas Kecamatan Penjaringan", TypeCode: "puskesmas_kecamatan", RegionCode: "31.72.01"}
}

func TestUnitValidate(t *testing.T) {
	r := strings.Repeat
	tests := []struct {
		name string
		edit func(u *unit.Unit)
		want []string
	}{
		{"good", func(u *unit.Unit) {}, nil},
		{"good with every optional field", func(u *unit.Unit) {
			u.Address = "Jl. Pluit Raya No. 1"
			u.OpeningHours = "Senin–Jumat 08.00–16.00"
			u.Phone = "(021) 669-1234"
			u.Email = "pkm.penjaringan@jakarta.go.id"
			u.Website = "https://puskesmas.jakarta.go.id/penjaringan"
			u.Instagram = "https://instagram.com/pkmpenjaringan"
			u.Facebook = "http://facebook.com/pkm"
			u.X = "https://x.com/pkm"
			u.YouTube = "https://youtube.com/@pkm"
			u.TikTok = "https://tiktok.com/@pkm"
		}, nil},
		{"everything missing", func(u *unit.Unit) { *u = unit.Unit{} },
			[]string{"code:unit.err.code", "name:err.required", "type:unit.err.type", "region_code:region.err.code"}},

		// code
		{"code of 2", func(u *unit.Unit) { u.Code = "AB" }, nil},
		{"code of 1", func(u *unit.Unit) { u.Code = "A" }, []string{"code:unit.err.code"}},
		{"code of 40", func(u *unit.Unit) { u.Code = r("A", 40) }, nil},
		{"code of 41", func(u *unit.Unit) { u.Code = r("A", 41) }, []string{"code:unit.err.code"}},
		{"code not normalised", func(u *unit.Unit) { u.Code = "pkm-1" }, []string{"code:unit.err.code"}},
		{"code with a space", func(u *unit.Unit) { u.Code = "PKM 1" }, []string{"code:unit.err.code"}},

		// name: counted in runes
		{"name of 200 runes", func(u *unit.Unit) { u.Name = r("é", 200) }, nil},
		{"name of 201 runes", func(u *unit.Unit) { u.Name = r("é", 201) }, []string{"name:err.too_long"}},
		{"name of 201 ASCII", func(u *unit.Unit) { u.Name = r("a", 201) }, []string{"name:err.too_long"}},

		// type
		{"type of 2", func(u *unit.Unit) { u.TypeCode = "ab" }, nil},
		{"type of 1", func(u *unit.Unit) { u.TypeCode = "a" }, []string{"type:unit.err.type"}},
		{"type of 40", func(u *unit.Unit) { u.TypeCode = r("a", 40) }, nil},
		{"type of 41", func(u *unit.Unit) { u.TypeCode = r("a", 41) }, []string{"type:unit.err.type"}},
		{"type upper-case", func(u *unit.Unit) { u.TypeCode = "Puskesmas" }, []string{"type:unit.err.type"}},
		{"type with a dash", func(u *unit.Unit) { u.TypeCode = "up-pm" }, []string{"type:unit.err.type"}},

		// region
		{"region province", func(u *unit.Unit) { u.RegionCode = "31" }, nil},
		{"region village", func(u *unit.Unit) { u.RegionCode = "31.72.01.1001" }, nil},
		{"region malformed", func(u *unit.Unit) { u.RegionCode = "31.7" }, []string{"region_code:region.err.code"}},
		{"region trailing dot", func(u *unit.Unit) { u.RegionCode = "31.72." }, []string{"region_code:region.err.code"}},

		// address and hours: runes
		{"address of 500", func(u *unit.Unit) { u.Address = r("é", 500) }, nil},
		{"address of 501", func(u *unit.Unit) { u.Address = r("é", 501) }, []string{"address:err.too_long"}},
		{"hours of 300", func(u *unit.Unit) { u.OpeningHours = r("é", 300) }, nil},
		{"hours of 301", func(u *unit.Unit) { u.OpeningHours = r("é", 301) }, []string{"opening_hours:err.too_long"}},

		// phone
		{"phone +62", func(u *unit.Unit) { u.Phone = "+62 21 6691234" }, nil},
		{"phone of 5", func(u *unit.Unit) { u.Phone = "12345" }, nil},
		{"phone of 4", func(u *unit.Unit) { u.Phone = "1234" }, []string{"phone:err.phone"}},
		{"phone of 30", func(u *unit.Unit) { u.Phone = r("1", 30) }, nil},
		{"phone of 31", func(u *unit.Unit) { u.Phone = r("1", 31) }, []string{"phone:err.phone"}},
		{"phone with letters", func(u *unit.Unit) { u.Phone = "0812-ABC-123" }, []string{"phone:err.phone"}},
		{"phone with an extension word", func(u *unit.Unit) { u.Phone = "021 555 ext 1" }, []string{"phone:err.phone"}},

		// email
		{"email bare", func(u *unit.Unit) { u.Email = "a@b.id" }, nil},
		{"email with a display name", func(u *unit.Unit) { u.Email = "PKM <a@b.id>" }, []string{"email:err.email"}},
		{"email without @", func(u *unit.Unit) { u.Email = "pkm.jakarta.go.id" }, []string{"email:err.email"}},
		{"email with spaces", func(u *unit.Unit) { u.Email = "a b@c.id" }, []string{"email:err.email"}},
		{"email of 254", func(u *unit.Unit) { u.Email = r("a", 64) + "@" + r("b", 186) + ".id" }, nil},
		{"email of 255", func(u *unit.Unit) { u.Email = r("a", 64) + "@" + r("b", 187) + ".id" }, []string{"email:err.email"}},

		// links: each checked the same way
		{"website without scheme", func(u *unit.Unit) { u.Website = "jakarta.go.id" }, []string{"website:err.url"}},
		{"website ftp", func(u *unit.Unit) { u.Website = "ftp://jakarta.go.id" }, []string{"website:err.url"}},
		{"website javascript", func(u *unit.Unit) { u.Website = "javascript:alert(1)" }, []string{"website:err.url"}},
		{"website without host", func(u *unit.Unit) { u.Website = "https://" }, []string{"website:err.url"}},
		{"website of 300", func(u *unit.Unit) { u.Website = "https://a.id/" + r("x", 287) }, nil},
		{"website of 301", func(u *unit.Unit) { u.Website = "https://a.id/" + r("x", 288) }, []string{"website:err.url"}},
		{"instagram handle", func(u *unit.Unit) { u.Instagram = "@pkm" }, []string{"instagram:err.url"}},
		{"facebook", func(u *unit.Unit) { u.Facebook = "facebook.com/pkm" }, []string{"facebook:err.url"}},
		{"x", func(u *unit.Unit) { u.X = "@pkm" }, []string{"x:err.url"}},
		{"youtube", func(u *unit.Unit) { u.YouTube = "youtube" }, []string{"youtube:err.url"}},
		{"tiktok", func(u *unit.Unit) { u.TikTok = "//tiktok.com/@pkm" }, []string{"tiktok:err.url"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := goodUnit()
			tt.edit(&u)
			if got := fieldKeys(u.Validate()); !slices.Equal(got, tt.want) {
				t.Errorf("Validate() = %q; want %q", got, tt.want)
			}
		})
	}
}

func TestUnitNormalize(t *testing.T) {
	u := unit.Unit{Code: " pkm-1 ", Name: " Puskesmas ", TypeCode: " puskesmas ", RegionCode: " 31.72 ", Email: " a@b.id ", TikTok: " https://t.id "}
	u.Normalize()
	want := unit.Unit{Code: "PKM-1", Name: "Puskesmas", TypeCode: "puskesmas", RegionCode: "31.72", Email: "a@b.id", TikTok: "https://t.id"}
	if u.Code != want.Code || u.Name != want.Name || u.TypeCode != want.TypeCode || u.RegionCode != want.RegionCode || u.Email != want.Email || u.TikTok != want.TikTok {
		t.Errorf("Normalize() = %+v; want %+v", u, want)
	}
}

func TestServiceValidate(t *testing.T) {
	r := strings.Repeat
	tests := []struct {
		name string
		s    unit.Service
		want []string
	}{
		{"good", unit.Service{Code: "ktp-el", Name: "KTP-el"}, nil},
		{"trimmed before checking", unit.Service{Code: " ktp-el ", Name: " KTP-el ", Description: " x "}, nil},
		{"blank name", unit.Service{Code: "ktp-el", Name: "   "}, []string{"name:err.required"}},
		{"name of 200 runes", unit.Service{Code: "a", Name: r("é", 200)}, nil},
		{"name of 201 runes", unit.Service{Code: "a", Name: r("é", 201)}, []string{"name:err.too_long"}},
		{"empty code", unit.Service{Name: "KTP-el"}, []string{"code:service.err.code"}},
		{"code upper-case", unit.Service{Code: "KTP-el", Name: "KTP-el"}, []string{"code:service.err.code"}},
		{"code of 60", unit.Service{Code: r("a", 60), Name: "x"}, nil},
		{"code of 61", unit.Service{Code: r("a", 61), Name: "x"}, []string{"code:service.err.code"}},
		{"code starting with a dash", unit.Service{Code: "-ktp", Name: "x"}, []string{"code:service.err.code"}},
		{"description of 2000 runes", unit.Service{Code: "a", Name: "x", Description: r("é", 2000)}, nil},
		{"description of 2001 runes", unit.Service{Code: "a", Name: "x", Description: r("é", 2001)}, []string{"description:err.too_long"}},
		{"everything wrong", unit.Service{Code: "A B", Description: r("x", 2001)},
			[]string{"name:err.required", "code:service.err.code", "description:err.too_long"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.s
			if got := fieldKeys(s.Validate()); !slices.Equal(got, tt.want) {
				t.Errorf("Validate() = %q; want %q", got, tt.want)
			}
			if s.Name != strings.TrimSpace(s.Name) || s.Code != strings.TrimSpace(s.Code) || s.Description != strings.TrimSpace(s.Description) {
				t.Errorf("Validate() left untrimmed fields: %+v", s)
			}
		})
	}
}

func TestServiceLookups(t *testing.T) {
	u := &unit.Unit{Services: []unit.Service{{ID: "a", Code: "ktp-el", Name: "KTP Elektronik", Active: true}, {ID: "b", Code: "kk", Name: "Kartu Keluarga"}}}
	if s := u.ServiceByCode("kk"); s == nil || s.ID != "b" {
		t.Errorf("kk: %+v", s)
	}
	if s := u.ServiceByCode("KK"); s != nil {
		t.Errorf("codes are exact: %+v", s)
	}
	want := map[string]string{"ktp-el": "a", "ktp elektronik": "a", "kk": "b", "kartu keluarga": "b"}
	if got := u.ServiceIndex(); !maps.Equal(got, want) {
		t.Errorf("index %v", got)
	}
}
