package skm

import (
	"context"
	"io"
	"time"

	"mutu/internal/audit"
)

// PaperStore is what a paper-survey import needs from storage.
type PaperStore interface {
	Instrument(ctx context.Context, code string) (*Instrument, error)
	// ImportResponses stores every response with its rollups and an audit
	// row naming the actor, or nothing.
	ImportResponses(ctx context.Context, actor audit.Actor, unitID string, rs []*Response) error
}

// PaperImport describes one import of a paper-survey file into a unit.
type PaperImport struct {
	Actor            audit.Actor // who imports: a user, or audit.CLI
	UnitID           string
	Services         map[string]string // service code or name (any case) → service ID
	DefaultServiceID string            // for rows without a service ("" = none)
	Order            Order
	XLSX             bool
	Now              time.Time
}

// ImportPaper parses a paper-survey file and stores all its responses, or
// none: any problem in any row rejects the file, naming every row. It
// returns the number of responses stored.
func ImportPaper(ctx context.Context, st PaperStore, imp PaperImport, r io.Reader) (int, error) {
	in, err := st.Instrument(ctx, Current)
	if err != nil {
		return 0, err
	}
	parse := ParsePaperCSV
	if imp.XLSX {
		parse = ParsePaperXLSX
	}
	rows, err := parse(r, in, imp.Order, imp.Services, imp.Now)
	if err != nil {
		return 0, err
	}
	rs := make([]*Response, len(rows))
	for i := range rows {
		resp := rows[i].Response
		resp.UnitID, resp.SubmittedAt, resp.Channel, resp.Instrument = imp.UnitID, imp.Now, Paper, in.Code
		if resp.ServiceID == "" {
			resp.ServiceID = imp.DefaultServiceID
		}
		rs[i] = &resp
	}
	if err := st.ImportResponses(ctx, imp.Actor, imp.UnitID, rs); err != nil {
		return 0, err
	}
	return len(rs), nil
}
