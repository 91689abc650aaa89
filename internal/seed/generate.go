package seed

import (
	"context"
	"math/rand/v2"
	"time"

	"mutu/internal/clock"
	"mutu/internal/skm"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// Generate adds n synthetic responses spread over every active unit and the
// year before now, for load and scale tests ("mutu demo generate"). They are
// written in large transactions through the same code path as imports, so
// rollups stay exact. progress is called after each transaction.
func Generate(ctx context.Context, db *store.DB, n int, now time.Time, progress func(done, total int)) error {
	in, err := db.Instrument(ctx, skm.Current)
	if err != nil {
		return err
	}
	units, _, err := db.Units(ctx, store.UnitFilter{})
	if err != nil {
		return err
	}
	svcs, err := servicesOf(ctx, db, units)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	const batchSize = 5000
	today := now.In(clock.Jakarta)
	// Unit by unit, days in order: inserts then append to each unit's part
	// of the indexes instead of landing on random pages.
	done := 0
	var batch []*skm.Response
	for ui, u := range units {
		share := n / len(units)
		if ui < n%len(units) {
			share++
		}
		for k := range share {
			day := today.AddDate(0, 0, -364+k*365/share)
			at := time.Date(day.Year(), day.Month(), day.Day(), 8+rng.IntN(8), rng.IntN(60), 0, 0, clock.Jakarta)
			r := &skm.Response{UnitID: u.ID, Instrument: in.Code, Channel: skm.Web, SubmittedAt: at, SurveyDate: clock.LocalDate(at),
				Age: 18 + rng.IntN(60), Sex: skm.Sexes[rng.IntN(2)].Code}
			if list := svcs[u.ID]; len(list) > 0 {
				r.ServiceID = list[rng.IntN(len(list))].ID
			}
			r.Answers = make([]int, len(in.Elements))
			for i := range r.Answers {
				r.Answers[i] = 2 + rng.IntN(3)
			}
			batch = append(batch, r)
			if len(batch) == batchSize || done+len(batch) == n {
				if err := db.SubmitResponses(ctx, batch); err != nil {
					return err
				}
				done += len(batch)
				batch = batch[:0]
				if progress != nil {
					progress(done, n)
				}
			}
		}
	}
	return nil
}

// servicesOf returns the services of units, by unit ID.
func servicesOf(ctx context.Context, db *store.DB, units []unit.Unit) (map[string][]unit.Service, error) {
	ids := make([]string, len(units))
	for i, u := range units {
		ids[i] = u.ID
	}
	return db.Services(ctx, ids)
}
