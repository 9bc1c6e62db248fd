// Package benchdata holds fixed benchmark inputs shared by package benchmarks
// and the bench harness, so both measure the same workload.
package benchdata

import "github.com/credq/credq/credit"

// CompactRecord returns a fixed record of 12 fields carrying about 600 bytes
// of field text: identity (name, ID type and number, e-mail, birth date), one
// phone with its update date, one residence, one employer with its address,
// one account's repayment string and a long self-declaration annotation. Only
// the fields the benchmarks need are set: it is not a complete record (the
// account has no ID, so Record.Validate rejects it), but every field is in
// the schema, so it seals and opens. It is the small-record shape the field-encryption benchmarks (credit/vault's
// and the bench harness's) measure next to raw AES-GCM, so both report the
// same workload. The person is fictitious.
func CompactRecord(id string) *credit.Record {
	return &credit.Record{
		ID: id,
		Identity: &credit.Identity{Name: "欧阳明华", IDType: credit.IDResidentCard, IDNumber: "11010519491231002X",
			Email: "ouyang.minghua@example.com", BirthDate: credit.NewDate(1949, 12, 31)},
		Phones:     []credit.Phone{{Number: "+8613800138000", Updated: credit.NewDate(2025, 3, 1)}},
		Residences: []credit.Residence{{Address: "北京市朝阳区建国路88号现代城小区东区12号楼3单元1502室"}},
		Employment: []credit.Employment{{Employer: "北京某某信息科技股份有限公司第二研发中心", Address: "北京市海淀区中关村软件园二期西北旺东路10号院"}},
		Accounts:   []credit.Account{{Repayment: "NNNNNNNNNNNNNNNNNNNNNN12"}},
		Annotations: []credit.Annotation{{Text: "本人声明：本人身份证于2019年8月在北京市朝阳区遗失，" +
			"此后以本人名义办理的任何信贷业务均非本人所为，请各机构在审批时核实申请人身份。联系电话见本报告。" +
			"如有疑问请联系本人核实情况，谢谢各位配合与支持！"}},
	}
}
