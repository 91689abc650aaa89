package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"mutu/internal/audit"
	"mutu/internal/errs"
	"mutu/internal/i18n"
	"mutu/internal/report"
	"mutu/internal/skm"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// cmdSKMImport: mutu skm import --unit CODE [--service CODE] [--order permen|questionnaire] FILE.
func cmdSKMImport(ctx context.Context, args []string, stdout io.Writer) error {
	var cfg config
	flagArgs, pos := splitArgs(args)
	fs := newFlags("skm import", &cfg)
	unitCode := fs.String("unit", "", "unit code")
	serviceCode := fs.String("service", "", "service of rows without one")
	order := fs.String("order", string(skm.PermenOrder), "permen or questionnaire")
	if err := fs.Parse(flagArgs); err != nil || *unitCode == "" || len(pos) != 1 {
		return fmt.Errorf("%w: mutu skm import --unit CODE [--service CODE] [--order permen|questionnaire] FILE", errUsage)
	}
	if *order != string(skm.PermenOrder) && *order != string(skm.QuestionnaireOrder) {
		return errs.New(errs.Invalid, "skm.err.order")
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return err
	}
	defer f.Close()
	db, err := openDB(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.UnitByCode(ctx, *unitCode)
	if err != nil {
		return err
	}
	imp, err := paperImport(u, *serviceCode, skm.Order(*order), strings.EqualFold(filepath.Ext(pos[0]), ".xlsx"), db.Now())
	if err != nil {
		return err
	}
	n, err := skm.ImportPaper(ctx, db, imp, f)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, i18n.T(i18n.ParseLang(os.Getenv("MUTU_LANG")), "skm.import_done", n, u.Name))
	return nil
}

// paperImport describes an import into u; serviceCode names the service of
// rows that give none.
func paperImport(u *unit.Unit, serviceCode string, order skm.Order, xlsx bool, now time.Time) (skm.PaperImport, error) {
	imp := skm.PaperImport{Actor: audit.CLI, UnitID: u.ID, Services: u.ServiceIndex(), Order: order, XLSX: xlsx, Now: now}
	if serviceCode != "" {
		svc := u.ServiceByCode(serviceCode)
		if svc == nil {
			return imp, errs.New(errs.NotFound, "service.err.not_found", serviceCode)
		}
		imp.DefaultServiceID = svc.ID
	}
	return imp, nil
}

// buildReport renders the Laporan SKM of u for the period rng, titled
// label, as xlsx or pdf.
func buildReport(ctx context.Context, db *store.DB, u *unit.Unit, rng skm.Range, label, format string) ([]byte, error) {
	r, err := report.Assemble(ctx, db, u, rng, label, db.Now())
	if err != nil {
		return nil, err
	}
	if format == "pdf" {
		return report.LaporanPDF(r)
	}
	return report.LaporanXLSX(r)
}
