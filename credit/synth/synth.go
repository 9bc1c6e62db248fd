// Package synth generates synthetic credit records for tests, examples and
// benchmarks: realistic in shape (valid resident-ID numbers with correct
// check characters and birth dates, valid mobile numbers, plausible mixes of
// cards, consumer loans and mortgages, repayment histories with occasional
// delinquency episodes, multi-lending, inquiries, public records), and fully
// deterministic for a given seed and reference time.
//
// The randomness is math/rand/v2's PCG seeded by the caller. It is not, and
// must never be used as, a source of secrets. Every person it produces is
// fictitious; names are drawn from common surnames and given-name characters.
//
// Use:
//
//	g := synth.New(42, time.Now())
//	rec := g.Record()      // one record, passes rec.Validate()
//	key, _ := credit.ResidentIDKey(rec.Identity.IDNumber)
package synth

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/credq/credq/consent"
	"github.com/credq/credq/credit"
)

// Generator produces records. It is not safe for concurrent use; create one
// per goroutine with distinct seeds.
type Generator struct {
	r     *rand.Rand
	now   time.Time
	today credit.Date
	n     int
}

// New returns a generator with the given seed. now is the reference "today":
// birth dates, account dates and inquiries are placed before it.
func New(seed uint64, now time.Time) *Generator {
	return &Generator{r: rand.New(rand.NewPCG(seed, 0x63726564712d7379)), now: now, today: credit.DateOf(now)}
}

// Institutions are the lender IDs the generator uses for accounts and
// inquiries.
var Institutions = []string{
	"icbc", "ccb", "boc", "abc", "bocom", "cmb", "spdb", "cib", "citic", "minsheng",
	"webank", "mybank", "zhaolian-cf", "mashang-cf", "xinwang", "baixin", "huaxia", "pingan",
}

// Region codes (GB/T 2260) used for ID numbers: a few large districts plus
// the codes of DOMAIN.md's examples.
var regions = []string{
	"110105", "110108", "310115", "310104", "440305", "440106", "330106", "510107",
	"420111", "320102", "610113", "500103", "370102", "360426", "440524", "340524",
}

var surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾")
var given = []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红文斌宇浩然欣怡子涵")

func (g *Generator) pick(n int) int { return g.r.IntN(n) }

func (g *Generator) chance(p float64) bool { return g.r.Float64() < p }

// Name returns a two- or three-character Chinese name.
func (g *Generator) Name() string {
	s := string(surnames[g.pick(len(surnames))]) + string(given[g.pick(len(given))])
	if g.chance(0.6) {
		s += string(given[g.pick(len(given))])
	}
	return s
}

// ResidentID returns a valid 18-character resident identity number for a
// person born on birth with the given gender (odd sequence for male).
func (g *Generator) ResidentID(birth credit.Date, male bool) string {
	seq := g.pick(500) * 2
	if male {
		seq++
	}
	body := regions[g.pick(len(regions))] + birth.Time().Format("20060102") + fmt.Sprintf("%03d", seq)
	return body + string(credit.ResidentIDCheck(body))
}

// Mobile returns a valid mobile number in E.164 form (+861[3-9]XXXXXXXXX).
func (g *Generator) Mobile() string {
	return "+861" + strconv.Itoa(3+g.pick(7)) + fmt.Sprintf("%09d", g.r.IntN(1_000_000_000))
}

// Records returns n records.
func (g *Generator) Records(n int) []*credit.Record {
	out := make([]*credit.Record, n)
	for i := range out {
		out[i] = g.Record()
	}
	return out
}

// Record returns one record that passes [credit.Record.Validate].
func (g *Generator) Record() *credit.Record {
	g.n++
	age := 20 + g.pick(46)
	birth := g.today.AddDate(-age, 0, -g.pick(365))
	male := g.chance(0.5)
	gender := credit.GenderFemale
	if male {
		gender = credit.GenderMale
	}
	married := age > 24 && g.chance(float64(min(age, 40)-20)/25)
	marital := credit.MaritalSingle
	if married {
		marital = credit.MaritalMarried
	} else if age > 35 && g.chance(0.2) {
		marital = credit.MaritalDivorced
	}
	r := &credit.Record{
		ID: fmt.Sprintf("rec-%d", g.n),
		Identity: &credit.Identity{
			Name: g.Name(), IDType: credit.IDResidentCard, IDNumber: g.ResidentID(birth, male),
			Gender: gender, BirthDate: birth, MaritalStatus: marital,
			Education: []credit.Education{credit.EduPostgraduate, credit.EduUniversity, credit.EduUniversity,
				credit.EduCollege, credit.EduHighSchool, credit.EduTechnical}[g.pick(6)],
		},
	}
	if g.chance(0.5) {
		r.Identity.Email = fmt.Sprintf("user%d@example.cn", g.n)
	}
	for i := 1 + g.pick(2); i > 0; i-- {
		r.Phones = append(r.Phones, credit.Phone{Number: g.Mobile(), Updated: g.pastDate(6)})
	}
	for i := 1 + g.pick(2); i > 0; i-- {
		r.Residences = append(r.Residences, credit.Residence{
			Address: fmt.Sprintf("%s路%d号%d室", []string{"建国", "人民", "中山", "解放", "长江"}[g.pick(5)], 1+g.pick(300), 101+g.pick(2000)),
			Updated: g.pastDate(8),
		})
	}
	if g.chance(0.8) {
		r.Employment = []credit.Employment{{
			Employer:   []string{"某科技有限公司", "某银行支行", "某制造有限公司", "某医院", "某中学"}[g.pick(5)],
			Occupation: []string{"engineer", "clerk", "manager", "doctor", "teacher", "sales"}[g.pick(6)],
			Updated:    g.pastDate(5),
		}}
	}
	if married && g.chance(0.9) {
		sb := g.today.AddDate(-(age - 3 + g.pick(7)), 0, -g.pick(365))
		r.Spouse = &credit.Spouse{Name: g.Name(), IDType: credit.IDResidentCard,
			IDNumber: g.ResidentID(sb, !male), Phone: g.Mobile()}
	}
	g.accounts(r, age)
	for i := 1 + g.pick(3); i > 0; i-- {
		by := Institutions[g.pick(len(Institutions))]
		if len(r.Accounts) > 0 {
			by = r.Accounts[g.pick(len(r.Accounts))].Institution
		}
		r.Contacts = append(r.Contacts, credit.Contact{Name: g.Name(),
			Relation: credit.Relation(1 + g.pick(7)), Phone: g.Mobile(), CollectedBy: by})
	}
	g.inquiries(r)
	if g.chance(0.03) {
		filed := g.pastDate(9)
		p := credit.PublicRecord{Type: credit.PublicRecordType(1 + g.pick(5)), Authority: "某区人民法院",
			CaseNumber: fmt.Sprintf("(%d)民初%d号", filed.Time().Year(), 1+g.pick(9999)),
			Amount:     credit.Money(100_00 * (1 + g.pick(2000))), FiledOn: filed}
		if g.chance(0.6) {
			p.AdverseEnd = filed.AddDate(0, 3+g.pick(24), 0)
			if p.AdverseEnd.After(g.today) {
				p.AdverseEnd = g.today
			}
		}
		r.PublicRecords = append(r.PublicRecords, p)
	}
	if len(r.Accounts) > 0 && g.chance(0.02) {
		r.Annotations = append(r.Annotations, credit.Annotation{Kind: credit.NoteDispute,
			Target: r.Accounts[0].ID, Text: "disputed entry", AddedOn: g.pastDate(1)})
	}
	return r
}

// pastDate returns a day within the last `years` years.
func (g *Generator) pastDate(years int) credit.Date {
	return g.today.AddDate(0, 0, -1-g.pick(365*years))
}

func (g *Generator) inquiries(r *credit.Record) {
	n := g.pick(4)
	if g.chance(0.3) {
		n += g.pick(10) // active credit seekers
	}
	for i := 0; i < n; i++ {
		p := []consent.Purpose{
			consent.PurposeLoanApproval, consent.PurposeLoanApproval, consent.PurposeLoanApproval,
			consent.PurposeCardApproval, consent.PurposeCardApproval, consent.PurposePostLoan,
			consent.PurposePostLoan, consent.PurposeLimitApproval, consent.PurposeGuarantorReview,
			consent.PurposeSelfInquiry,
		}[g.pick(10)]
		inst := Institutions[g.pick(len(Institutions))]
		if p == consent.PurposeSelfInquiry {
			inst = "self"
		}
		r.Inquiries = append(r.Inquiries, credit.Inquiry{Date: g.pastDate(3), Institution: inst, Purpose: p})
	}
}
