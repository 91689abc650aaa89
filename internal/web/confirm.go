package web

import "mutu/internal/errs"

// errUnconfirmed refuses a form posted without the confirmation
// (confirmed=1) that a step which cannot be taken back asks for.
func errUnconfirmed() error {
	return errs.Fields("err.form", []errs.Field{{Name: "confirmed", Key: "form.err.confirm"}})
}
