// Package credit is credq's credit-record model: typed records, identifier
// normalization for matching, the sensitivity-class schema, purpose-based
// views and the tamper-evident inquiry log.
package credit
