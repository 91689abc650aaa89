package web

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"mutu/internal/attach"
	"mutu/internal/complaint"
	"mutu/internal/errs"
	"mutu/internal/store"
)

// upload is a checked file waiting to be stored with a new report.
type upload struct {
	name, contentType string
	data              []byte
}

// readUploads reads and checks the files of a report (the "files" field);
// the EXIF block with its location stays only when the reporter shares it.
func readUploads(r *http.Request) ([]upload, []errs.Field) {
	return readFiles(r, "files", r.PostForm.Get("share_location") == "1")
}

// readFiles reads and checks the files of a form field: all of them or an
// error naming the bad ones. Every file Mutu keeps comes through here
// (complaint attachments, evidence files): the type decided by content,
// metadata and embedded second images removed before anything is stored.
func readFiles(r *http.Request, field string, share bool) ([]upload, []errs.Field) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	headers := r.MultipartForm.File[field]
	if len(headers) > attach.MaxFiles {
		return nil, []errs.Field{{Name: field, Key: "attach.err.too_many", Args: []any{attach.MaxFiles}}}
	}
	var out []upload
	var fs []errs.Field
	for _, h := range headers {
		name := filepath.Base(strings.ReplaceAll(h.Filename, "\\", "/"))
		if len(name) > 120 {
			name = name[:120]
		}
		b, err := readPart(h)
		if err != nil {
			fs = append(fs, errs.Field{Name: field, Key: "attach.err.read", Args: []any{name}})
			continue
		}
		ct, err := attach.Check(name, b)
		if e, ok := errs.As(err); ok {
			fs = append(fs, errs.Field{Name: field, Key: e.Key, Args: e.Args})
			continue
		}
		b, err = attach.Strip(name, ct, b, share)
		if e, ok := errs.As(err); ok {
			fs = append(fs, errs.Field{Name: field, Key: e.Key, Args: e.Args})
			continue
		}
		out = append(out, upload{name: name, contentType: ct, data: b})
	}
	return out, fs
}

// readPart reads an uploaded file, up to one byte more than attach.MaxBytes
// (so that attach.Check can tell it is too large).
func readPart(h *multipart.FileHeader) ([]byte, error) {
	f, err := h.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, attach.MaxBytes+1))
}

// attachmentPath is where an attachment's bytes live.
func (s *Server) attachmentPath(complaintID, id string) string {
	return filepath.Join(s.cfg.AttachmentDir, complaintID, id)
}

// writeUploads writes the files of a report about to be created.
func (s *Server) writeUploads(complaintID string, ups []upload) ([]store.Attachment, func(), error) {
	return writeFiles(filepath.Join(s.cfg.AttachmentDir, complaintID), ups)
}

// writeFiles writes checked files into dir (one per record), synced to
// disk before the record's transaction commits; it returns their metadata
// and a function that removes them if the transaction fails.
func writeFiles(dir string, ups []upload) ([]store.Attachment, func(), error) {
	var written []string
	undo := func() {
		for _, p := range written {
			os.Remove(p)
		}
		os.Remove(dir) // only if empty: a record's earlier files stay
	}
	if len(ups) == 0 {
		return nil, func() {}, nil
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, undo, err
	}
	var out []store.Attachment
	for _, u := range ups {
		a := store.Attachment{ID: store.NewID(), Filename: u.name, ContentType: u.contentType, Size: int64(len(u.data))}
		sum := sha256.Sum256(u.data)
		a.SHA256 = hex.EncodeToString(sum[:])
		f, err := os.OpenFile(filepath.Join(dir, a.ID), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o640)
		if err != nil {
			return nil, undo, err
		}
		written = append(written, f.Name())
		_, err = f.Write(u.data)
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, undo, err
		}
		out = append(out, a)
	}
	return out, undo, nil
}

// serveAttachment sends one file of a report the caller may see.
func (s *Server) serveAttachment(w http.ResponseWriter, r *http.Request, rep *complaint.Report) {
	atts, err := s.db.Attachments(r.Context(), rep)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	i := slices.IndexFunc(atts, func(a store.Attachment) bool { return a.ID == r.PathValue("id") })
	if i < 0 {
		s.fail(w, r, errs.New(errs.NotFound, "err.not_found"))
		return
	}
	s.serveFile(w, r, s.attachmentPath(rep.ID, atts[i].ID), atts[i])
}

// serveFile sends a stored file: its recorded type, sandboxed, never
// cached, PDFs as downloads.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, path string, a store.Attachment) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		err = errs.New(errs.NotFound, "err.not_found")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", a.ContentType)
	w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'")
	w.Header().Set("Cache-Control", "private, no-store")
	disp := "inline"
	if a.ContentType == "application/pdf" {
		disp = "attachment"
	}
	w.Header().Set("Content-Disposition", disp+`; filename="`+strings.ReplaceAll(a.Filename, `"`, "")+`"`)
	io.Copy(w, f)
}

func (s *Server) trackAttachment(w http.ResponseWriter, r *http.Request) {
	rep, err := s.trackedComplaint(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Referrer-Policy", "no-referrer")
	s.serveAttachment(w, r, rep)
}

func (s *Server) staffAttachment(w http.ResponseWriter, r *http.Request) {
	rep, _, _, err := s.staffComplaint(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.serveAttachment(w, r, rep)
}
