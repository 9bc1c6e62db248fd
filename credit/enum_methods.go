package credit

// Methods of the enumerations in enums.go, one identical set per type:
// Valid, Code, String, MarshalText, UnmarshalText and a Parse function.

// Valid reports whether v is one of the defined codes (the zero value, unset, is not).
func (v IDType) Valid() bool { return idTypes.valid(v) }

// Code returns the code as it appears in the code table ("" when invalid).
func (v IDType) Code() string { return idTypes.code(v) }

// String returns the code and its English name.
func (v IDType) String() string { return idTypes.str(v) }

// MarshalText returns [IDType.Code]; an invalid value is an error wrapping [ErrInvalidCode].
func (v IDType) MarshalText() ([]byte, error) { return idTypes.marshal(v) }

// UnmarshalText parses a code with [ParseIDType].
func (v *IDType) UnmarshalText(b []byte) error { return idTypes.unmarshal(v, b) }

// ParseIDType parses a code; unknown codes are an error wrapping [ErrInvalidCode].
func ParseIDType(code string) (IDType, error) { return idTypes.parse(code) }

// Valid reports whether v is one of the defined codes (the zero value, unset, is not).
func (v Gender) Valid() bool { return genders.valid(v) }

// Code returns the code as it appears in the code table ("" when invalid).
func (v Gender) Code() string { return genders.code(v) }

// String returns the code and its English name.
func (v Gender) String() string { return genders.str(v) }

// MarshalText returns [Gender.Code]; an invalid value is an error wrapping [ErrInvalidCode].
func (v Gender) MarshalText() ([]byte, error) { return genders.marshal(v) }

// UnmarshalText parses a code with [ParseGender].
func (v *Gender) UnmarshalText(b []byte) error { return genders.unmarshal(v, b) }

// ParseGender parses a code; unknown codes are an error wrapping [ErrInvalidCode].
func ParseGender(code string) (Gender, error) { return genders.parse(code) }

// Valid reports whether v is one of the defined codes (the zero value, unset, is not).
func (v MaritalStatus) Valid() bool { return maritals.valid(v) }

// Code returns the code as it appears in the code table ("" when invalid).
func (v MaritalStatus) Code() string { return maritals.code(v) }

// String returns the code and its English name.
func (v MaritalStatus) String() string { return maritals.str(v) }

// MarshalText returns [MaritalStatus.Code]; an invalid value is an error wrapping [ErrInvalidCode].
func (v MaritalStatus) MarshalText() ([]byte, error) { return maritals.marshal(v) }

// UnmarshalText parses a code with [ParseMaritalStatus].
func (v *MaritalStatus) UnmarshalText(b []byte) error { return maritals.unmarshal(v, b) }

// ParseMaritalStatus parses a code; unknown codes are an error wrapping [ErrInvalidCode].
func ParseMaritalStatus(code string) (MaritalStatus, error) { return maritals.parse(code) }

// Valid reports whether v is one of the defined codes (the zero value, unset, is not).
func (v Education) Valid() bool { return educations.valid(v) }

// Code returns the code as it appears in the code table ("" when invalid).
func (v Education) Code() string { return educations.code(v) }

// String returns the code and its English name.
func (v Education) String() string { return educations.str(v) }

// MarshalText returns [Education.Code]; an invalid value is an error wrapping [ErrInvalidCode].
func (v Education) MarshalText() ([]byte, error) { return educations.marshal(v) }

// UnmarshalText parses a code with [ParseEducation].
func (v *Education) UnmarshalText(b []byte) error { return educations.unmarshal(v, b) }

// ParseEducation parses a code; unknown codes are an error wrapping [ErrInvalidCode].
func ParseEducation(code string) (Education, error) { return educations.parse(code) }

// Valid reports whether v is one of the defined codes (the zero value, unset, is not).
func (v AccountType) Valid() bool { return accountTypes.valid(v) }

// Code returns the code as it appears in the code table ("" when invalid).
func (v AccountType) Code() string { return accountTypes.code(v) }

// String returns the code and its English name.
func (v AccountType) String() string { return accountTypes.str(v) }

// MarshalText returns [AccountType.Code]; an invalid value is an error wrapping [ErrInvalidCode].
func (v AccountType) MarshalText() ([]byte, error) { return accountTypes.marshal(v) }

// UnmarshalText parses a code with [ParseAccountType].
func (v *AccountType) UnmarshalText(b []byte) error { return accountTypes.unmarshal(v, b) }

// ParseAccountType parses a code; unknown codes are an error wrapping [ErrInvalidCode].
func ParseAccountType(code string) (AccountType, error) { return accountTypes.parse(code) }

// Valid reports whether v is one of the defined codes (the zero value, unset, is not).
func (v BusinessType) Valid() bool { return businessTypes.valid(v) }

// Code returns the code as it appears in the code table ("" when invalid).
func (v BusinessType) Code() string { return businessTypes.code(v) }

// String returns the code and its English name.
func (v BusinessType) String() string { return businessTypes.str(v) }

// MarshalText returns [BusinessType.Code]; an invalid value is an error wrapping [ErrInvalidCode].
func (v BusinessType) MarshalText() ([]byte, error) { return businessTypes.marshal(v) }

// UnmarshalText parses a code with [ParseBusinessType].
func (v *BusinessType) UnmarshalText(b []byte) error { return businessTypes.unmarshal(v, b) }

// ParseBusinessType parses a code; unknown codes are an error wrapping [ErrInvalidCode].
func ParseBusinessType(code string) (BusinessType, error) { return businessTypes.parse(code) }

// Valid reports whether v is one of the defined codes (the zero value, unset, is not).
func (v AccountStatus) Valid() bool { return accountStatuses.valid(v) }

// Code returns the code as it appears in the code table ("" when invalid).
func (v AccountStatus) Code() string { return accountStatuses.code(v) }

// String returns the code and its English name.
func (v AccountStatus) String() string { return accountStatuses.str(v) }

// MarshalText returns [AccountStatus.Code]; an invalid value is an error wrapping [ErrInvalidCode].
func (v AccountStatus) MarshalText() ([]byte, error) { return accountStatuses.marshal(v) }

// UnmarshalText parses a code with [ParseAccountStatus].
func (v *AccountStatus) UnmarshalText(b []byte) error { return accountStatuses.unmarshal(v, b) }

// ParseAccountStatus parses a code; unknown codes are an error wrapping [ErrInvalidCode].
func ParseAccountStatus(code string) (AccountStatus, error) { return accountStatuses.parse(code) }

// Valid reports whether v is one of the defined codes (the zero value, unset, is not).
func (v LoanClass) Valid() bool { return loanClasses.valid(v) }

// Code returns the code as it appears in the code table ("" when invalid).
func (v LoanClass) Code() string { return loanClasses.code(v) }

// String returns the code and its English name.
func (v LoanClass) String() string { return loanClasses.str(v) }

// MarshalText returns [LoanClass.Code]; an invalid value is an error wrapping [ErrInvalidCode].
func (v LoanClass) MarshalText() ([]byte, error) { return loanClasses.marshal(v) }

// UnmarshalText parses a code with [ParseLoanClass].
func (v *LoanClass) UnmarshalText(b []byte) error { return loanClasses.unmarshal(v, b) }

// ParseLoanClass parses a code; unknown codes are an error wrapping [ErrInvalidCode].
func ParseLoanClass(code string) (LoanClass, error) { return loanClasses.parse(code) }

// Valid reports whether v is one of the defined codes (the zero value, unset, is not).
func (v Currency) Valid() bool { return currencies.valid(v) }

// Code returns the code as it appears in the code table ("" when invalid).
func (v Currency) Code() string { return currencies.code(v) }

// String returns the code and its English name.
func (v Currency) String() string { return currencies.str(v) }

// MarshalText returns [Currency.Code]; an invalid value is an error wrapping [ErrInvalidCode].
func (v Currency) MarshalText() ([]byte, error) { return currencies.marshal(v) }

// UnmarshalText parses a code with [ParseCurrency].
func (v *Currency) UnmarshalText(b []byte) error { return currencies.unmarshal(v, b) }

// ParseCurrency parses a code; unknown codes are an error wrapping [ErrInvalidCode].
func ParseCurrency(code string) (Currency, error) { return currencies.parse(code) }

// Valid reports whether v is one of the defined codes (the zero value, unset, is not).
func (v PublicRecordType) Valid() bool { return publicTypes.valid(v) }

// Code returns the code as it appears in the code table ("" when invalid).
func (v PublicRecordType) Code() string { return publicTypes.code(v) }

// String returns the code and its English name.
func (v PublicRecordType) String() string { return publicTypes.str(v) }

// MarshalText returns [PublicRecordType.Code]; an invalid value is an error wrapping [ErrInvalidCode].
func (v PublicRecordType) MarshalText() ([]byte, error) { return publicTypes.marshal(v) }

// UnmarshalText parses a code with [ParsePublicRecordType].
func (v *PublicRecordType) UnmarshalText(b []byte) error { return publicTypes.unmarshal(v, b) }

// ParsePublicRecordType parses a code; unknown codes are an error wrapping [ErrInvalidCode].
func ParsePublicRecordType(code string) (PublicRecordType, error) { return publicTypes.parse(code) }

// Valid reports whether v is one of the defined codes (the zero value, unset, is not).
func (v Relation) Valid() bool { return relations.valid(v) }

// Code returns the code as it appears in the code table ("" when invalid).
func (v Relation) Code() string { return relations.code(v) }

// String returns the code and its English name.
func (v Relation) String() string { return relations.str(v) }

// MarshalText returns [Relation.Code]; an invalid value is an error wrapping [ErrInvalidCode].
func (v Relation) MarshalText() ([]byte, error) { return relations.marshal(v) }

// UnmarshalText parses a code with [ParseRelation].
func (v *Relation) UnmarshalText(b []byte) error { return relations.unmarshal(v, b) }

// ParseRelation parses a code; unknown codes are an error wrapping [ErrInvalidCode].
func ParseRelation(code string) (Relation, error) { return relations.parse(code) }

// Valid reports whether v is one of the defined codes (the zero value, unset, is not).
func (v ObligorRole) Valid() bool { return obligorRoles.valid(v) }

// Code returns the code as it appears in the code table ("" when invalid).
func (v ObligorRole) Code() string { return obligorRoles.code(v) }

// String returns the code and its English name.
func (v ObligorRole) String() string { return obligorRoles.str(v) }

// MarshalText returns [ObligorRole.Code]; an invalid value is an error wrapping [ErrInvalidCode].
func (v ObligorRole) MarshalText() ([]byte, error) { return obligorRoles.marshal(v) }

// UnmarshalText parses a code with [ParseObligorRole].
func (v *ObligorRole) UnmarshalText(b []byte) error { return obligorRoles.unmarshal(v, b) }

// ParseObligorRole parses a code; unknown codes are an error wrapping [ErrInvalidCode].
func ParseObligorRole(code string) (ObligorRole, error) { return obligorRoles.parse(code) }

// Valid reports whether v is one of the defined codes (the zero value, unset, is not).
func (v AnnotationKind) Valid() bool { return annotationKinds.valid(v) }

// Code returns the code as it appears in the code table ("" when invalid).
func (v AnnotationKind) Code() string { return annotationKinds.code(v) }

// String returns the code and its English name.
func (v AnnotationKind) String() string { return annotationKinds.str(v) }

// MarshalText returns [AnnotationKind.Code]; an invalid value is an error wrapping [ErrInvalidCode].
func (v AnnotationKind) MarshalText() ([]byte, error) { return annotationKinds.marshal(v) }

// UnmarshalText parses a code with [ParseAnnotationKind].
func (v *AnnotationKind) UnmarshalText(b []byte) error { return annotationKinds.unmarshal(v, b) }

// ParseAnnotationKind parses a code; unknown codes are an error wrapping [ErrInvalidCode].
func ParseAnnotationKind(code string) (AnnotationKind, error) { return annotationKinds.parse(code) }
