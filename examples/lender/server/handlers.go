package server

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"

	"github.com/credq/credq/consent"
	"github.com/credq/credq/credit"
	"github.com/credq/credq/examples/lender/api"
)

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	if err := s.db.Ping(r.Context()); err != nil {
		s.logger.Error("health: database unreachable", "err", err)
		s.fail(w, http.StatusServiceUnavailable, api.CodeUnavailable, "database unavailable")
		return
	}
	v, err := s.db.AppliedVersion(r.Context())
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.ok(w, api.Health{Status: "ok", Database: s.db.Dialect().String(), Schema: v, Institution: s.cfg.Institution})
}

// load decodes every record and derives its subject reference, then hands
// the batch to vault.PutAll, which seals every record (applying all the
// vault's rules: record ID length, field sizes, schema) before storing
// any, so a record it refuses rejects the whole batch; sealing may create a
// new subject's key first. Each record is stored with its index entries in
// one transaction; a database failure part-way can still leave the records
// before it stored.
func (s *Server) load(w http.ResponseWriter, r *http.Request) {
	req, err := decode[api.LoadRequest](r, api.MaxLoadBody)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if len(req.Records) == 0 || len(req.Records) > api.MaxLoadRecords {
		s.fail(w, http.StatusBadRequest, api.CodeMalformed, fmt.Sprintf("a load carries 1 to %d records", api.MaxLoadRecords))
		return
	}
	recs := make([]*credit.Record, len(req.Records))
	subjects := make([]string, len(req.Records))
	for i, raw := range req.Records {
		rec, err := credit.DecodeRecordJSON(raw)
		if err != nil {
			s.failErrAt(w, r, err, i)
			return
		}
		ref, err := rec.SubjectRef(s.subjectKey)
		if err != nil {
			s.failErrAt(w, r, err, i)
			return
		}
		if rec.ID == "" {
			var b [16]byte
			if _, err := rand.Read(b[:]); err != nil {
				s.failErr(w, r, err)
				return
			}
			rec.ID = "r_" + hex.EncodeToString(b[:])
		}
		recs[i], subjects[i] = rec, subjectID(ref)
	}
	// PutAll seals every record before storing any: a record the vault
	// refuses rejects the whole batch.
	if bad, err := s.vault.PutAll(r.Context(), subjects, recs); err != nil {
		s.failErrAt(w, r, err, bad)
		return
	}
	out := api.LoadResponse{IDs: make([]string, 0, len(recs)), Loaded: len(recs)}
	for _, rec := range recs {
		out.IDs = append(out.IDs, rec.ID)
	}
	s.ok(w, out)
}

// failErrAt is failErr for record i of a load: the message names the
// position and the sentinel (and field path), never the value.
func (s *Server) failErrAt(w http.ResponseWriter, r *http.Request, err error, i int) {
	status, code, msg := classify(err)
	var fe *credit.FieldError
	if errors.As(err, &fe) {
		msg = fmt.Sprintf("%s (field %s)", msg, fe.Path)
	}
	s.fail(w, status, code, fmt.Sprintf("record %d: %s", i, msg))
}

func (s *Server) subjectRef(w http.ResponseWriter, r *http.Request) {
	req, err := decode[api.SubjectRequest](r, api.MaxSmallBody)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	ref, err := s.refFor(req.IDNumber)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.ok(w, api.SubjectRefResponse{SubjectRef: ref.String()})
}

// query verifies the consent presentation (signatures, window, purpose,
// scope, revocation, replay, use count — against the SQL stores), finds the
// subject's record, and answers with the disclosure sealed to the
// requester's age recipient; the inquiry is logged before the answer leaves.
func (s *Server) query(w http.ResponseWriter, r *http.Request) {
	req, err := decode[api.QueryRequest](r, api.MaxQueryBody)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	q, err := req.ConsentQuery()
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	to, err := api.ParseRecipient(req.Recipient)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	pres, err := consent.DearmorPresentation(req.Presentation)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	ctx := r.Context()
	g, err := s.verifier.Verify(ctx, pres, q)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	subject := subjectID(g.SubjectRef())
	// A shredded subject keeps its sealed records, so Disclose answers it
	// with vault.ErrShredded (410); no record at all is store.ErrNotFound
	// (404).
	recID, err := s.db.Vault().LatestRecord(ctx, subject)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	pkg, entry, err := s.vault.Disclose(ctx, recID, s.log, g, credit.Query{SpouseCoApplicant: req.SpouseCoApplicant, AccountID: req.AccountID}, s.now(), to)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.observe(entry)
	id := g.ConsentID()
	s.ok(w, api.QueryResponse{
		ConsentID:   id.String(),
		InquirySeq:  entry.Seq,
		InquiryHash: hex.EncodeToString(entry.Hash[:]),
		Disclosure:  pkg,
	})
}

func (s *Server) revoke(w http.ResponseWriter, r *http.Request) {
	req, err := decode[api.RevokeRequest](r, api.MaxSmallBody)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	id, err := consent.ParseID(req.ConsentID)
	if err != nil {
		s.fail(w, http.StatusBadRequest, api.CodeMalformed, "consent ID does not parse")
		return
	}
	if err := s.db.Revocations().Revoke(r.Context(), id, req.Until); err != nil {
		s.failErr(w, r, err)
		return
	}
	s.ok(w, api.RevokeResponse{Revoked: true})
}

// subject resolves a SubjectRequest to its reference and vault subject ID
// and checks that the subject was ever loaded (404 otherwise).
func (s *Server) subject(w http.ResponseWriter, r *http.Request) (consent.SubjectRef, string, bool) {
	req, err := decode[api.SubjectRequest](r, api.MaxSmallBody)
	if err != nil {
		s.failErr(w, r, err)
		return consent.SubjectRef{}, "", false
	}
	ref, err := s.refFor(req.IDNumber)
	if err != nil {
		s.failErr(w, r, err)
		return consent.SubjectRef{}, "", false
	}
	id := subjectID(ref)
	if _, err := s.db.Vault().LatestRecord(r.Context(), id); err != nil {
		s.failErr(w, r, err)
		return consent.SubjectRef{}, "", false
	}
	return ref, id, true
}

func (s *Server) inquiries(w http.ResponseWriter, r *http.Request) {
	ref, _, ok := s.subject(w, r)
	if !ok {
		return
	}
	list, err := s.log.SubjectInquiries(r.Context(), ref, s.now())
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	out := api.InquiriesResponse{Inquiries: make([]api.Inquiry, len(list))}
	for i, q := range list {
		out.Inquiries[i] = api.InquiryFrom(q)
	}
	s.ok(w, out)
}

func (s *Server) shred(w http.ResponseWriter, r *http.Request) {
	_, id, ok := s.subject(w, r)
	if !ok {
		return
	}
	if err := s.vault.Shred(r.Context(), id); err != nil {
		s.failErr(w, r, err)
		return
	}
	s.ok(w, api.ShredResponse{Shredded: true})
}

func (s *Server) audit(w http.ResponseWriter, r *http.Request) {
	// One pass over the log: verify the whole chain and that it extends the
	// newest head this process has seen, and report the head of what was
	// verified (an entry appended meanwhile is neither checked nor counted).
	v := credit.NewLogVerifier(s.checkpoint())
	var head credit.Checkpoint
	err := s.db.Log().Scan(r.Context(), 0, func(e credit.LogEntry) error {
		if err := v.Add(e); err != nil {
			return err
		}
		head = credit.Checkpoint{Len: e.Seq + 1, Head: e.Hash}
		return nil
	})
	if err == nil {
		err = v.Finish()
	}
	if err != nil {
		s.logger.Error("inquiry log does not verify", "err", err)
		s.fail(w, http.StatusInternalServerError, api.CodeInternal, "inquiry log does not verify")
		return
	}
	s.ok(w, api.AuditResponse{Verified: true, Entries: head.Len, Head: hex.EncodeToString(head.Head[:])})
}
