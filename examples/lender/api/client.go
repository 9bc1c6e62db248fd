package api

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"filippo.io/age"

	"github.com/credq/credq/consent"
	"github.com/credq/credq/credit"
	"github.com/credq/credq/credit/vault"
)

// Error is an error answer of the service: the HTTP status and the
// ErrorResponse body.
type Error struct {
	Status  int
	Code    string
	Message string
}

func (e *Error) Error() string {
	return fmt.Sprintf("api: %d %s: %s", e.Status, e.Code, e.Message)
}

// maxResponse caps a response body the client reads.
const maxResponse = 32 << 20

// Client calls the service. The zero HTTP uses http.DefaultClient.
type Client struct {
	// BaseURL is "http://host:port" without a trailing slash.
	BaseURL string
	// AdminToken is sent as a bearer token on admin endpoints.
	AdminToken string
	// HTTP is the client to use; nil means http.DefaultClient.
	HTTP *http.Client
}

func (c *Client) do(ctx context.Context, method, path string, admin bool, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.BaseURL+path, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if admin {
		req.Header.Set("Authorization", "Bearer "+c.AdminToken)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		var e ErrorResponse
		if json.Unmarshal(data, &e) != nil || e.Error == "" {
			e.Error = "http_" + fmt.Sprint(resp.StatusCode)
		}
		return &Error{Status: resp.StatusCode, Code: e.Error, Message: e.Message}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("api: response does not parse: %w", err)
	}
	return nil
}

// Health calls the health endpoint.
func (c *Client) Health(ctx context.Context) (*Health, error) {
	var h Health
	return &h, c.do(ctx, http.MethodGet, PathHealth, false, nil, &h)
}

// Load stores records (sealed by the service) and returns their IDs.
func (c *Client) Load(ctx context.Context, recs []*credit.Record) (*LoadResponse, error) {
	req := LoadRequest{Records: make([]json.RawMessage, len(recs))}
	for i, r := range recs {
		b, err := json.Marshal(r)
		if err != nil {
			return nil, err
		}
		req.Records[i] = b
	}
	var out LoadResponse
	return &out, c.do(ctx, http.MethodPost, PathRecords, true, req, &out)
}

// SubjectRef returns the subject reference for a resident-ID number.
func (c *Client) SubjectRef(ctx context.Context, idNumber string) (consent.SubjectRef, error) {
	var out SubjectRefResponse
	if err := c.do(ctx, http.MethodPost, PathSubjectRef, true, SubjectRequest{IDNumber: idNumber}, &out); err != nil {
		return consent.SubjectRef{}, err
	}
	var ref consent.SubjectRef
	b, err := hex.DecodeString(out.SubjectRef)
	if err != nil || len(b) != len(ref) {
		return ref, fmt.Errorf("api: subject reference does not parse")
	}
	copy(ref[:], b)
	return ref, nil
}

// Query sends a query and returns the raw answer; see QueryAndOpen.
func (c *Client) Query(ctx context.Context, q *QueryRequest) (*QueryResponse, error) {
	var out QueryResponse
	return &out, c.do(ctx, http.MethodPost, PathQuery, false, q, &out)
}

// QueryAndOpen presents token with holder for the query q (whose
// Presentation is filled in here) and opens the disclosure with id, checking
// that it answers the token's consent.
func (c *Client) QueryAndOpen(ctx context.Context, holder *consent.HolderKey, token *consent.Token, q QueryRequest, id age.Identity) (*vault.Disclosure, *QueryResponse, error) {
	if err := q.Sign(holder, token); err != nil {
		return nil, nil, err
	}
	resp, err := c.Query(ctx, &q)
	if err != nil {
		return nil, nil, err
	}
	d, err := vault.OpenDisclosure(resp.Disclosure, id, token.ConsentID())
	if err != nil {
		return nil, resp, err
	}
	return d, resp, nil
}

// Revoke revokes a consent.
func (c *Client) Revoke(ctx context.Context, r RevokeRequest) error {
	return c.do(ctx, http.MethodPost, PathRevoke, true, r, &RevokeResponse{})
}

// Inquiries lists who queried the subject.
func (c *Client) Inquiries(ctx context.Context, idNumber string) ([]Inquiry, error) {
	var out InquiriesResponse
	if err := c.do(ctx, http.MethodPost, PathInquiries, true, SubjectRequest{IDNumber: idNumber}, &out); err != nil {
		return nil, err
	}
	return out.Inquiries, nil
}

// Shred crypto-shreds the subject.
func (c *Client) Shred(ctx context.Context, idNumber string) error {
	return c.do(ctx, http.MethodPost, PathShred, true, SubjectRequest{IDNumber: idNumber}, &ShredResponse{})
}

// Audit verifies the inquiry log end to end on the server.
func (c *Client) Audit(ctx context.Context) (*AuditResponse, error) {
	var out AuditResponse
	return &out, c.do(ctx, http.MethodGet, PathAudit, true, nil, &out)
}
