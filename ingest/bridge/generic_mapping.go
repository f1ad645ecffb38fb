package bridge

import (
	"fmt"
	"strings"

	"github.com/hypercare-go/hypercare"
)

// The mapping from the helpdesk's words to hypercare's, all in one place.
// Change these tables to fit another helpdesk; nothing else needs to know.
//
//	priority   severity       type       kind              group          team
//	urgent     Sev1           incident   defect            service-desk   steady-state
//	high       Sev2           problem    defect            app-support    steady-state
//	normal     Sev3           question   question          project        project
//	low        Sev3           how-to     training-gap
//	                          request    change-request
//	                          data       data-fix
//
//	status     SLA clocks     pause reason
//	open       running
//	pending    paused         waiting on the requester
//	on-hold    paused         waiting on a third party
//
// Two helpdesk priorities map to Sev3, so a change between them records
// nothing. A "how-to" ticket is a training gap, not a defect: that is
// what keeps it out of defect-based exit criteria. Solving and
// reopening are events of their own (resolved, reopened), not statuses.
// Assigning a ticket owned by a steady-state group to the project group is an
// escalation, the "rescue" the takeover exit criterion counts.
var (
	priorities = table[hypercare.Severity]{
		{"urgent", hypercare.Sev1},
		{"high", hypercare.Sev2},
		{"normal", hypercare.Sev3},
		{"low", hypercare.Sev3},
	}
	ticketTypes = table[hypercare.Kind]{
		{"incident", hypercare.Defect},
		{"problem", hypercare.Defect},
		{"question", hypercare.Question},
		{"how-to", hypercare.TrainingGap},
		{"request", hypercare.ChangeRequest},
		{"data", hypercare.DataFix},
	}
	statuses = table[pause]{
		{"open", pause{}},
		{"pending", pause{paused: true, reason: "waiting on the requester"}},
		{"on-hold", pause{paused: true, reason: "waiting on a third party"}},
	}
	groups = table[hypercare.Team]{
		{"service-desk", hypercare.SteadyState},
		{"app-support", hypercare.SteadyState},
		{"project", hypercare.Project},
	}
)

// pause is what a helpdesk status means for the SLA clocks.
type pause struct {
	paused bool
	reason string // the pause reason recorded on the timeline
}

// table maps the helpdesk's names (compared exactly, lower case) to values,
// in the order error messages list them.
type table[T any] []struct {
	name  string
	value T
}

// lookup returns the value named name, or an error naming the bad value and
// the valid ones: `priority "critical" is not one of urgent, high, normal, low`.
func (t table[T]) lookup(field, name string) (T, error) {
	for _, row := range t {
		if row.name == name {
			return row.value, nil
		}
	}
	names := make([]string, len(t))
	for i, row := range t {
		names[i] = row.name
	}
	var zero T
	return zero, fmt.Errorf("%s %q is not one of %s", field, name, strings.Join(names, ", "))
}
