package skm

// FillEnglish gives in the English names and answer labels of ref, the
// versioned data of the same instrument, where in has none: a copy stored
// before English labels existed (migration-free: the stored copy may have
// been edited by an administrator, so it is completed when read, never
// rewritten). Only text still worded as in ref gets ref's English, so an
// administrator's own wording is never paired with the translation of
// something else; it stays Indonesian on English pages.
func (in *Instrument) FillEnglish(ref *Instrument) {
	if ref == nil || ref.Code != in.Code {
		return
	}
	for i := range in.Elements {
		e := &in.Elements[i]
		j := ref.ElementIndex(e.Code)
		if j < 0 {
			continue
		}
		r := ref.Elements[j]
		if e.NameEN == "" && e.Name == r.Name {
			e.NameEN = r.NameEN
		}
		if e.LabelsEN == [4]string{} && e.Labels == r.Labels {
			e.LabelsEN = r.LabelsEN
		}
	}
	for i := range in.Categories {
		c := &in.Categories[i]
		for _, rc := range ref.Categories {
			if c.KinerjaEN == "" && c.Mutu == rc.Mutu && c.Kinerja == rc.Kinerja {
				c.KinerjaEN = rc.KinerjaEN
			}
		}
	}
}
