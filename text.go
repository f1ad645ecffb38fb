package hypercare

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// This file holds the sentence helpers every part shares: plurals, lists of
// issue IDs, ratios, percents, points and p-values, so that a number reads the
// same in an exit reason, a pitfall, a flag and the report.

// percent formats a rate as a percentage with at most one decimal: "82%",
// "81.5%".
func percent(r float64) string { return oneDecimal(100*r) + "%" }

// pointsWord formats a difference of rates in points with at most one
// decimal: "1 point", "2.5 points".
func pointsWord(d float64) string {
	s := oneDecimal(100 * d)
	if s == "1" {
		return s + " point"
	}
	return s + " points"
}

func oneDecimal(v float64) string {
	s := strconv.FormatFloat(v, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		s = "0"
	}
	return strings.Replace(s, "-", "−", 1)
}

// pValue formats p as "p = 0.003", or "p < 0.001" below that.
func pValue(p float64) string {
	if p < 0.001 {
		return "p < 0.001"
	}
	return "p = " + strconv.FormatFloat(p, 'f', 3, 64)
}

// slopePoints formats a slope in points per step with two significant
// digits.
func slopePoints(s float64) string {
	v := 100 * s
	str := strconv.FormatFloat(v, 'g', 2, 64)
	if math.Abs(v) >= 100 {
		str = strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strings.Replace(str, "-", "−", 1)
}

func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// ratioText returns good/total to two places, as in "0.8".
func ratioText(good, total int) string {
	return decimal.NewFromInt(int64(good)).DivRound(decimal.NewFromInt(int64(total)), 2).String()
}

// stamp formats t in loc as "Sat 2026-06-13 11:00 CEST".
func stamp(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("Mon 2006-01-02 15:04 MST")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// maxListed is how many issue IDs a reason names before "and N more".
const maxListed = 10

// idList joins ids, naming at most maxListed of them.
func idList[ID ~string](ids []ID) string {
	return listed(len(ids), func(i int) string { return string(ids[i]) })
}

// listed joins name(0), ..., name(n-1) with commas, naming at most
// maxListed and then "and N more".
func listed(n int, name func(i int) string) string {
	var b strings.Builder
	for i := range min(n, maxListed) {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(name(i))
	}
	if n > maxListed {
		fmt.Fprintf(&b, " and %d more", n-maxListed)
	}
	return b.String()
}

// joinAnd joins "a", "a and b", "a, b and c".
func joinAnd(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

func hasHave(one bool) string {
	if one {
		return "has"
	}
	return "have"
}

func itThem(one bool) string {
	if one {
		return "it"
	}
	return "them"
}

func isAre(one bool) string {
	if one {
		return "is"
	}
	return "are"
}

// spanText formats a span of time: "24 h" for whole hours, else Go's form.
func spanText(d time.Duration) string {
	if d%time.Hour == 0 {
		return fmt.Sprintf("%d h", d/time.Hour)
	}
	return d.String()
}

// hoursText formats elapsed time in hours with at most one decimal: "98 h",
// "97.5 h".
func hoursText(d time.Duration) string { return oneDecimal(d.Hours()) + " h" }

// percentOfCount formats n/of as a whole percentage: "92%". Rounding never
// claims all or none: 199 of 200 is ">99%", 1 of 1000 "<1%".
func percentOfCount(n, of int) string {
	s := fmt.Sprintf("%.0f%%", 100*float64(n)/float64(of))
	switch {
	case s == "100%" && n < of:
		return ">99%"
	case s == "0%" && n > 0:
		return "<1%"
	}
	return s
}

func formatSpan(a, b time.Time) string {
	const layout = "2006-01-02 15:04 MST"
	return a.Format(layout) + " to " + b.Format(layout)
}

func percentText(part, whole int64) string {
	if whole <= 0 {
		return "0%"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(part)/float64(whole))
}

func decimalPercent(d decimal.Decimal) string {
	return d.Mul(decimal.NewFromInt(100)).String() + "%"
}
