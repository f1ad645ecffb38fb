package hypercare

import "github.com/shopspring/decimal"

// Helpers shared by the package's tests.

// dec parses a decimal literal; it panics on a typo in a test.
func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }
