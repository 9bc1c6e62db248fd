package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/credq/credq/examples/lender/api"
)

// Handler returns the HTTP handler of the API (routes in package api).
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+api.PathHealth, s.health)
	mux.HandleFunc("POST "+api.PathRecords, s.admin(s.load))
	mux.HandleFunc("POST "+api.PathSubjectRef, s.admin(s.subjectRef))
	mux.HandleFunc("POST "+api.PathQuery, s.query)
	mux.HandleFunc("POST "+api.PathRevoke, s.admin(s.revoke))
	mux.HandleFunc("POST "+api.PathInquiries, s.admin(s.inquiries))
	mux.HandleFunc("POST "+api.PathShred, s.admin(s.shred))
	mux.HandleFunc("GET "+api.PathAudit, s.admin(s.audit))
	mux.HandleFunc("/", s.fallback)
	return s.middleware(mux)
}

var knownPaths = map[string]bool{
	api.PathHealth: true, api.PathRecords: true, api.PathSubjectRef: true, api.PathQuery: true,
	api.PathRevoke: true, api.PathInquiries: true, api.PathShred: true, api.PathAudit: true,
}

func (s *Server) fallback(w http.ResponseWriter, r *http.Request) {
	if knownPaths[r.URL.Path] {
		s.fail(w, http.StatusMethodNotAllowed, api.CodeMethodNotAllowed, "method not allowed")
		return
	}
	s.fail(w, http.StatusNotFound, api.CodeNotFound, "no such endpoint")
}

// statusWriter remembers the status and error code for the access log.
type statusWriter struct {
	http.ResponseWriter
	status int
	code   string
}

func (w *statusWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}

// middleware sets the response headers, recovers from panics (a bug, never
// input: the request gets a 500 and the process lives) and logs one line
// per request: method, path, status, error code, duration. Bodies, query
// strings, headers and client addresses are not logged.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h := w.Header()
		h.Set("Content-Type", "application/json")
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		defer func() {
			if p := recover(); p != nil {
				s.logger.Error("panic in handler", "path", r.URL.Path)
				s.fail(sw, http.StatusInternalServerError, api.CodeInternal, "internal error")
			}
			s.logger.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status,
				"error", sw.code, "ms", time.Since(start).Milliseconds())
		}()
		next.ServeHTTP(sw, r)
	})
}

// admin wraps h with the bearer-token check (constant time).
func (s *Server) admin(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		got := sha256.Sum256([]byte(tok))
		if !ok || subtle.ConstantTimeCompare(got[:], s.adminHash[:]) != 1 {
			s.fail(w, http.StatusUnauthorized, api.CodeUnauthorized, "admin token missing or wrong")
			return
		}
		h(w, r)
	}
}

func (s *Server) fail(w http.ResponseWriter, status int, code, msg string) {
	if sw, ok := w.(*statusWriter); ok {
		sw.code = code
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(api.ErrorResponse{Error: code, Message: msg})
}

// failErr answers with err's classification; internal errors are logged
// (error texts of this module and the drivers carry no values).
func (s *Server) failErr(w http.ResponseWriter, r *http.Request, err error) {
	status, code, msg := classify(err)
	if status >= 500 {
		s.logger.Error("request failed", "path", r.URL.Path, "err", err)
	}
	s.fail(w, status, code, msg)
}

func (s *Server) ok(w http.ResponseWriter, v any) {
	w.WriteHeader(http.StatusOK)
	_ = json.NewEncoder(w).Encode(v)
}

// decode reads the request body as T under the cap max (api.Decode stops
// reading one byte past it: *api.TooLargeError, a 413).
func decode[T any](r *http.Request, max int64) (*T, error) {
	return api.Decode[T](r.Body, max)
}
