package credit

// Enumerations of the model. Codes follow the PBOC second-generation personal
// credit report as reproduced by public parsers and the GB/T 2261 national
// standards for gender and marital status; check them against the official
// data dictionary before relying on them in production. Each type is a uint8
// whose zero value means "unset" and is not Valid.

// IDType is the identity-document type (证件类型).
type IDType uint8

// Identity-document types.
const (
	IDResidentCard    IDType = iota + 1 // 10 居民身份证 resident identity card
	IDHousehold                         // 1 户口簿 household register
	IDPassport                          // 2 护照 passport
	IDHKMacauPermit                     // 5 港澳居民来往内地通行证 Hong Kong/Macau permit
	IDTaiwanPermit                      // 6 台湾同胞来往内地通行证 Taiwan permit
	IDForeignResident                   // 8 外国人居留证 foreign resident permit
	IDOther                             // X 其他 other
)

var idTypes = newEnum("ID document type", map[IDType]enumEntry{
	IDResidentCard:    {"10", "resident identity card"},
	IDHousehold:       {"1", "household register"},
	IDPassport:        {"2", "passport"},
	IDHKMacauPermit:   {"5", "Hong Kong/Macau permit"},
	IDTaiwanPermit:    {"6", "Taiwan permit"},
	IDForeignResident: {"8", "foreign resident permit"},
	IDOther:           {"X", "other"},
})

// Gender (GB/T 2261.1).
type Gender uint8

// Genders.
const (
	GenderUnknown  Gender = iota + 1 // 0 unknown
	GenderMale                       // 1 male
	GenderFemale                     // 2 female
	GenderUnstated                   // 9 not stated
)

var genders = newEnum("gender", map[Gender]enumEntry{
	GenderUnknown: {"0", "unknown"}, GenderMale: {"1", "male"},
	GenderFemale: {"2", "female"}, GenderUnstated: {"9", "not stated"},
})

// MaritalStatus (GB/T 2261.2).
type MaritalStatus uint8

// Marital statuses.
const (
	MaritalSingle   MaritalStatus = iota + 1 // 10 unmarried
	MaritalMarried                           // 20 married
	MaritalWidowed                           // 30 widowed
	MaritalDivorced                          // 40 divorced
	MaritalUnstated                          // 90 not stated
)

var maritals = newEnum("marital status", map[MaritalStatus]enumEntry{
	MaritalSingle: {"10", "unmarried"}, MaritalMarried: {"20", "married"},
	MaritalWidowed: {"30", "widowed"}, MaritalDivorced: {"40", "divorced"},
	MaritalUnstated: {"90", "not stated"},
})

// Education is the highest education level.
type Education uint8

// Education levels.
const (
	EduPostgraduate Education = iota + 1 // 10 postgraduate
	EduUniversity                        // 20 university
	EduCollege                           // 30 junior college
	EduTechnical                         // 40 technical secondary school
	EduHighSchool                        // 60 high school
	EduJuniorHigh                        // 70 junior high school
	EduPrimary                           // 80 primary school or below
	EduUnknown                           // 99 unknown
)

var educations = newEnum("education", map[Education]enumEntry{
	EduPostgraduate: {"10", "postgraduate"}, EduUniversity: {"20", "university"},
	EduCollege: {"30", "junior college"}, EduTechnical: {"40", "technical secondary"},
	EduHighSchool: {"60", "high school"}, EduJuniorHigh: {"70", "junior high"},
	EduPrimary: {"80", "primary or below"}, EduUnknown: {"99", "unknown"},
})

// AccountType is the PBOC account type (账户类型).
type AccountType uint8

// Account types.
const (
	AccountD1 AccountType = iota + 1 // D1 非循环贷账户 non-revolving loan
	AccountR1                        // R1 循环贷账户 revolving loan
	AccountR2                        // R2 贷记卡账户 credit card
	AccountR3                        // R3 准贷记卡账户 quasi-credit card
	AccountR4                        // R4 循环额度下分账户 sub-account under a revolving limit
	AccountC1                        // C1 催收账户 recourse account
)

var accountTypes = newEnum("account type", map[AccountType]enumEntry{
	AccountD1: {"D1", "non-revolving loan"}, AccountR1: {"R1", "revolving loan"},
	AccountR2: {"R2", "credit card"}, AccountR3: {"R3", "quasi-credit card"},
	AccountR4: {"R4", "revolving sub-account"}, AccountC1: {"C1", "recourse account"},
})

// Revolving reports whether the account has a credit limit rather than a
// fixed principal (R1–R4).
func (v AccountType) Revolving() bool { return v >= AccountR1 && v <= AccountR4 }

// BusinessType is the loan business type (业务种类).
type BusinessType uint8

// Business types.
const (
	BizHousing           BusinessType = iota + 1 // 11 个人住房商业贷款 residential mortgage
	BizCommercialHousing                         // 12 个人商用房贷款 commercial-property loan
	BizHousingFund                               // 13 个人住房公积金贷款 housing-fund mortgage
	BizCar                                       // 21 个人汽车消费贷款 car loan
	BizStudent                                   // 31 个人助学贷款 student loan
	BizBusiness                                  // 41 个人经营性贷款 business loan
	BizFarmer                                    // 51 农户贷款 farmer loan
	BizCreditCard                                // 71 贷记卡 credit card
	BizQuasiCard                                 // 81 准贷记卡 quasi-credit card
	BizConsumer                                  // 91 其他个人消费贷款 other consumer loan
	BizOther                                     // 99 其他贷款 other loan
)

var businessTypes = newEnum("business type", map[BusinessType]enumEntry{
	BizHousing: {"11", "residential mortgage"}, BizCommercialHousing: {"12", "commercial-property loan"},
	BizHousingFund: {"13", "housing-fund mortgage"}, BizCar: {"21", "car loan"},
	BizStudent: {"31", "student loan"}, BizBusiness: {"41", "business loan"},
	BizFarmer: {"51", "farmer loan"}, BizCreditCard: {"71", "credit card"},
	BizQuasiCard: {"81", "quasi-credit card"}, BizConsumer: {"91", "consumer loan"},
	BizOther: {"99", "other loan"},
})

// Residential reports whether the business type is a loan for a home the
// subject lives in (11 and 13). Commercial property (12) is not: the
// housing-fund re-check concerns residential purchases only.
func (v BusinessType) Residential() bool { return v == BizHousing || v == BizHousingFund }

// AccountStatus is the account status (账户状态, D1 code table).
type AccountStatus uint8

// Account statuses.
const (
	StatusNormal          AccountStatus = iota + 1 // 1 正常 normal
	StatusOverdue                                  // 2 逾期 overdue
	StatusSettled                                  // 3 结清 settled
	StatusBadDebt                                  // 4 呆账 bad debt
	StatusTransferred                              // 5 转出 transferred out
	StatusCollateralShort                          // 6 担保物不足 insufficient collateral
	StatusForcedSale                               // 7 强制平仓 forced liquidation
	StatusJudicial                                 // 8 司法追偿 judicial recovery
)

var accountStatuses = newEnum("account status", map[AccountStatus]enumEntry{
	StatusNormal: {"1", "normal"}, StatusOverdue: {"2", "overdue"},
	StatusSettled: {"3", "settled"}, StatusBadDebt: {"4", "bad debt"},
	StatusTransferred: {"5", "transferred out"}, StatusCollateralShort: {"6", "insufficient collateral"},
	StatusForcedSale: {"7", "forced liquidation"}, StatusJudicial: {"8", "judicial recovery"},
})

// LoanClass is the five-level loan classification (五级分类).
type LoanClass uint8

// Five-level classes.
const (
	ClassNormal         LoanClass = iota + 1 // 1 正常 normal
	ClassSpecialMention                      // 2 关注 special mention
	ClassSubstandard                         // 3 次级 substandard
	ClassDoubtful                            // 4 可疑 doubtful
	ClassLoss                                // 5 损失 loss
	ClassUnclassified                        // 9 未分类 unclassified
)

var loanClasses = newEnum("five-level class", map[LoanClass]enumEntry{
	ClassNormal: {"1", "normal"}, ClassSpecialMention: {"2", "special mention"},
	ClassSubstandard: {"3", "substandard"}, ClassDoubtful: {"4", "doubtful"},
	ClassLoss: {"5", "loss"}, ClassUnclassified: {"9", "unclassified"},
})

// Currency is the ISO 4217 currency of an account's amounts.
type Currency uint8

// Currencies.
const (
	CNY Currency = iota + 1
	USD
	EUR
	HKD
	JPY
	GBP
)

var currencies = newEnum("currency", map[Currency]enumEntry{
	CNY: {"CNY", "renminbi"}, USD: {"USD", "US dollar"}, EUR: {"EUR", "euro"},
	HKD: {"HKD", "Hong Kong dollar"}, JPY: {"JPY", "yen"}, GBP: {"GBP", "pound sterling"},
})

// PublicRecordType is the kind of a public record (公共信息).
type PublicRecordType uint8

// Public-record kinds.
const (
	PublicJudgment    PublicRecordType = iota + 1 // civil judgment
	PublicEnforcement                             // court enforcement
	PublicPenalty                                 // administrative penalty
	PublicTaxArrears                              // tax arrears
	PublicFundArrears                             // housing-fund or social-insurance arrears
)

var publicTypes = newEnum("public record type", map[PublicRecordType]enumEntry{
	PublicJudgment: {"judgment", "civil judgment"}, PublicEnforcement: {"enforcement", "court enforcement"},
	PublicPenalty: {"penalty", "administrative penalty"}, PublicTaxArrears: {"tax-arrears", "tax arrears"},
	PublicFundArrears: {"fund-arrears", "housing-fund or social-insurance arrears"},
})

// Relation is an emergency contact's relation to the subject.
type Relation uint8

// Relations.
const (
	RelParent Relation = iota + 1
	RelChild
	RelSibling
	RelRelative
	RelColleague
	RelFriend
	RelOther
)

var relations = newEnum("relation", map[Relation]enumEntry{
	RelParent: {"parent", "parent"}, RelChild: {"child", "child"}, RelSibling: {"sibling", "sibling"},
	RelRelative: {"relative", "other relative"}, RelColleague: {"colleague", "colleague"},
	RelFriend: {"friend", "friend"}, RelOther: {"other", "other"},
})

// ObligorRole is a co-obligor's role on an account.
type ObligorRole uint8

// Obligor roles.
const (
	RoleGuarantor  ObligorRole = iota + 1 // 保证人 guarantor
	RoleCoBorrower                        // 共同借款人 co-borrower
)

var obligorRoles = newEnum("obligor role", map[ObligorRole]enumEntry{
	RoleGuarantor: {"guarantor", "guarantor"}, RoleCoBorrower: {"co-borrower", "co-borrower"},
})

// AnnotationKind is the kind of an annotation on a record.
type AnnotationKind uint8

// Annotation kinds.
const (
	NoteStatement AnnotationKind = iota + 1 // 本人声明 subject's statement
	NoteDispute                             // 异议标注 dispute under review
	NoteBureau                              // 数据提供方说明 data provider's note
)

var annotationKinds = newEnum("annotation kind", map[AnnotationKind]enumEntry{
	NoteStatement: {"statement", "subject's statement"}, NoteDispute: {"dispute", "dispute"},
	NoteBureau: {"provider-note", "data provider's note"},
})
