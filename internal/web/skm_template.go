package web

import (
	"net/http"
	"strconv"
	"strings"

	"mutu/internal/errs"
	"mutu/internal/report"
	"mutu/internal/skm"
	"mutu/internal/unit"
)

// paperTemplate: GET /kelola/skm/unit/{code}/impor/templat?format=csv|xlsx —
// the paper-survey template with Indonesian headers, which the import
// reads as it is once filled in. The workbook adds a sheet of notes with
// the unit's services and the answers each column takes.
func (s *Server) paperTemplate(w http.ResponseWriter, r *http.Request) {
	u, err := s.managedUnit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in, err := s.db.Instrument(r.Context(), skm.Current)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	header := skm.PaperTemplateHeader(in)
	name := "templat-survei-kertas-" + u.Code
	switch r.URL.Query().Get("format") {
	case "", "csv":
		// The header alone, in the CSV dialect of every export.
		cols := make([]report.Column, len(header))
		for i, h := range header {
			cols[i] = report.Column{Title: h}
		}
		s.sendExport(w, r, name, "csv", report.Export{Sheet: "Data", Columns: cols, Rows: func(func(...any) error) error { return nil }})
	case "xlsx":
		body, err := report.PaperTemplateXLSX(header, paperTemplateNotes(in, u))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		w.Header().Set("Content-Type", report.MediaXLSX)
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
		w.Write(body)
	default:
		s.fail(w, r, errs.New(errs.Invalid, "skm.err.report_format"))
	}
}

// paperTemplateNotes says what each column of the template takes, in
// Indonesian like the paper questionnaire itself.
func paperTemplateNotes(in *skm.Instrument, u *unit.Unit) []string {
	codes := func(opts []skm.Option) string {
		var out []string
		for _, o := range opts {
			out = append(out, o.Code+" ("+o.Label+")")
		}
		return strings.Join(out, ", ")
	}
	var services []string
	for _, sv := range u.Services {
		if sv.Active {
			services = append(services, sv.Code+" ("+sv.Name+")")
		}
	}
	notes := []string{
		"Templat survei kertas — " + u.Name,
		"Isi satu baris per kuesioner di lembar Data, mulai baris 2. Jangan ubah baris judul. Hanya lembar pertama yang dibaca.",
		"tanggal: tanggal pengisian, misalnya 2026-11-03 (tidak boleh sesudah hari ini).",
		"jam: jam pelayanan, misalnya 08.00-12.00 (boleh kosong).",
		"umur: umur dalam tahun (boleh kosong).",
		"jenis kelamin: L atau P (boleh kosong).",
		"pendidikan: " + codes(skm.Educations) + " (boleh kosong).",
		"pekerjaan: " + codes(skm.Occupations) + " (boleh kosong).",
		"layanan: kode atau nama layanan (boleh kosong): " + strings.Join(services, ", ") + ".",
		"unsur 1 sampai unsur " + strconv.Itoa(len(in.Elements)) + ": jawaban 1 sampai 4, menurut urutan unsur PermenPANRB 14/2017:",
	}
	for i, e := range in.Elements {
		notes = append(notes, "  unsur "+strconv.Itoa(i+1)+": "+e.Name)
	}
	return append(notes, "saran: saran dan masukan responden (boleh kosong).")
}
