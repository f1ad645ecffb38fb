package hypercare

// This file gives every exported type that has no decoder of its own one
// that decodes exactly as encoding/json would by default, through
// unmarshalFields, so that an error decoding any of the package's types —
// at the top or deep inside — names the JSON field and the JSON wanted, not
// Go types; and that checks the value it decoded encodes (decodeValid), so
// that what decodes also encodes ("{}" is no Event: its type is missing).
// TestJSONDecodersComplete keeps the list complete.

// UnmarshalJSON decodes the slot's fields and the people; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (s *Shift) UnmarshalJSON(b []byte) error {
	type plainSlot Slot // without Slot's UnmarshalJSON, which Shift would promote
	var v struct {
		plainSlot
		People []PersonID `json:"people"`
	}
	if err := unmarshalFields(b, &v); err != nil {
		return err
	}
	sh := Shift{Slot: Slot(v.plainSlot), People: v.People}
	if err := encodes(sh); err != nil {
		return err
	}
	*s = sh
	return nil
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *AdoptionMetric) UnmarshalJSON(b []byte) error {
	type plain AdoptionMetric
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Segment) UnmarshalJSON(b []byte) error {
	type plain Segment
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Sample) UnmarshalJSON(b []byte) error {
	type plain Sample
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Series) UnmarshalJSON(b []byte) error {
	type plain Series
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Flag) UnmarshalJSON(b []byte) error {
	type plain Flag
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *RateTarget) UnmarshalJSON(b []byte) error {
	type plain RateTarget
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *MonitorConfig) UnmarshalJSON(b []byte) error {
	type plain MonitorConfig
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *BelowTargetRule) UnmarshalJSON(b []byte) error {
	type plain BelowTargetRule
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *DecliningRule) UnmarshalJSON(b []byte) error {
	type plain DecliningRule
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *EWMARule) UnmarshalJSON(b []byte) error {
	type plain EWMARule
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *CUSUMRule) UnmarshalJSON(b []byte) error {
	type plain CUSUMRule
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *LaggingRule) UnmarshalJSON(b []byte) error {
	type plain LaggingRule
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *NeverUsedRule) UnmarshalJSON(b []byte) error {
	type plain NeverUsedRule
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *EWMAChart) UnmarshalJSON(b []byte) error {
	type plain EWMAChart
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *EWMAPoint) UnmarshalJSON(b []byte) error {
	type plain EWMAPoint
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *CUSUMChart) UnmarshalJSON(b []byte) error {
	type plain CUSUMChart
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *CUSUMPoint) UnmarshalJSON(b []byte) error {
	type plain CUSUMPoint
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *RunRules) UnmarshalJSON(b []byte) error {
	type plain RunRules
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *RunSignal) UnmarshalJSON(b []byte) error {
	type plain RunSignal
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *MannKendallResult) UnmarshalJSON(b []byte) error {
	type plain MannKendallResult
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *SenFit) UnmarshalJSON(b []byte) error {
	type plain SenFit
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *LinearFit) UnmarshalJSON(b []byte) error {
	type plain LinearFit
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Interval) UnmarshalJSON(b []byte) error {
	type plain Interval
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *ExitInput) UnmarshalJSON(b []byte) error {
	type plain ExitInput
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Result) UnmarshalJSON(b []byte) error {
	type plain Result
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Verdict) UnmarshalJSON(b []byte) error {
	type plain Verdict
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *NoNewIssues) UnmarshalJSON(b []byte) error {
	type plain NoNewIssues
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *DefectRate) UnmarshalJSON(b []byte) error {
	type plain DefectRate
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Takeover) UnmarshalJSON(b []byte) error {
	type plain Takeover
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *NoneOpen) UnmarshalJSON(b []byte) error {
	type plain NoneOpen
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *SLACompliance) UnmarshalJSON(b []byte) error {
	type plain SLACompliance
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *SponsorSignOff) UnmarshalJSON(b []byte) error {
	type plain SponsorSignOff
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *IssueID) UnmarshalJSON(b []byte) error {
	type plain IssueID
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *PersonID) UnmarshalJSON(b []byte) error {
	type plain PersonID
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *EngagementID) UnmarshalJSON(b []byte) error {
	type plain EngagementID
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Event) UnmarshalJSON(b []byte) error {
	type plain Event
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *State) UnmarshalJSON(b []byte) error {
	type plain State
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *SignOff) UnmarshalJSON(b []byte) error {
	type plain SignOff
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Phase) UnmarshalJSON(b []byte) error {
	type plain Phase
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *ICalEvent) UnmarshalJSON(b []byte) error {
	type plain ICalEvent
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Finding) UnmarshalJSON(b []byte) error {
	type plain Finding
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *ShiftShare) UnmarshalJSON(b []byte) error {
	type plain ShiftShare
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Ceremony) UnmarshalJSON(b []byte) error {
	type plain Ceremony
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Rates) UnmarshalJSON(b []byte) error {
	type plain Rates
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Cost) UnmarshalJSON(b []byte) error {
	type plain Cost
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Scenario) UnmarshalJSON(b []byte) error {
	type plain Scenario
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *ScenarioCost) UnmarshalJSON(b []byte) error {
	type plain ScenarioCost
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *IssueLine) UnmarshalJSON(b []byte) error {
	type plain IssueLine
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *OpenCount) UnmarshalJSON(b []byte) error {
	type plain OpenCount
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *ClockLine) UnmarshalJSON(b []byte) error {
	type plain ClockLine
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Trend) UnmarshalJSON(b []byte) error {
	type plain Trend
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *DayCount) UnmarshalJSON(b []byte) error {
	type plain DayCount
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Period) UnmarshalJSON(b []byte) error {
	type plain Period
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *SegmentFlags) UnmarshalJSON(b []byte) error {
	type plain SegmentFlags
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *RotaSummary) UnmarshalJSON(b []byte) error {
	type plain RotaSummary
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Slot) UnmarshalJSON(b []byte) error {
	type plain Slot
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Roster) UnmarshalJSON(b []byte) error {
	type plain Roster
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Rota) UnmarshalJSON(b []byte) error {
	type plain Rota
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Violation) UnmarshalJSON(b []byte) error {
	type plain Violation
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *UnfilledSlot) UnmarshalJSON(b []byte) error {
	type plain UnfilledSlot
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Blocked) UnmarshalJSON(b []byte) error {
	type plain Blocked
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Pattern) UnmarshalJSON(b []byte) error {
	type plain Pattern
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *PhaseShifts) UnmarshalJSON(b []byte) error {
	type plain PhaseShifts
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Handling) UnmarshalJSON(b []byte) error {
	type plain Handling
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *HeroStats) UnmarshalJSON(b []byte) error {
	type plain HeroStats
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *HeroFlag) UnmarshalJSON(b []byte) error {
	type plain HeroFlag
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *HeroReport) UnmarshalJSON(b []byte) error {
	type plain HeroReport
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *SeverityName) UnmarshalJSON(b []byte) error {
	type plain SeverityName
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Scheme) UnmarshalJSON(b []byte) error {
	type plain Scheme
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Symptoms) UnmarshalJSON(b []byte) error {
	type plain Symptoms
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Policy) UnmarshalJSON(b []byte) error {
	type plain Policy
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *History) UnmarshalJSON(b []byte) error {
	type plain History
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *PhaseSpan) UnmarshalJSON(b []byte) error {
	type plain PhaseSpan
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *HistoryDay) UnmarshalJSON(b []byte) error {
	type plain HistoryDay
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *SeverityCount) UnmarshalJSON(b []byte) error {
	type plain SeverityCount
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *SLACount) UnmarshalJSON(b []byte) error {
	type plain SLACount
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *HourOnShift) UnmarshalJSON(b []byte) error {
	type plain HourOnShift
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *AdoptionTrace) UnmarshalJSON(b []byte) error {
	type plain AdoptionTrace
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *TracePoint) UnmarshalJSON(b []byte) error {
	type plain TracePoint
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Reminder) UnmarshalJSON(b []byte) error {
	type plain Reminder
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *EventID) UnmarshalJSON(b []byte) error {
	type plain EventID
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *HeldEvent) UnmarshalJSON(b []byte) error {
	type plain HeldEvent
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Insertion) UnmarshalJSON(b []byte) error {
	type plain Insertion
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *HeldLine) UnmarshalJSON(b []byte) error {
	type plain HeldLine
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Deadline) UnmarshalJSON(b []byte) error {
	type plain Deadline
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Pin) UnmarshalJSON(b []byte) error {
	type plain Pin
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *LevelTerm) UnmarshalJSON(b []byte) error {
	type plain LevelTerm
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *StatusTerm) UnmarshalJSON(b []byte) error {
	type plain StatusTerm
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *KindTerm) UnmarshalJSON(b []byte) error {
	type plain KindTerm
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *TeamTerm) UnmarshalJSON(b []byte) error {
	type plain TeamTerm
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *AgentTerm) UnmarshalJSON(b []byte) error {
	type plain AgentTerm
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Mapping) UnmarshalJSON(b []byte) error {
	type plain Mapping
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Change) UnmarshalJSON(b []byte) error {
	type plain Change
	return decodeValid(b, v, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default, then checks that
// the value encodes; an error names the JSON field and wraps ErrInvalid.
func (v *Update) UnmarshalJSON(b []byte) error {
	type plain Update
	return decodeValid(b, v, (*plain)(v))
}

// decodeValid decodes b into plain, a pointer to v's type without its
// methods, through unmarshalFields, and then checks that *v encodes; on an
// error *v may hold part of what was read, as with encoding/json.
func decodeValid(b []byte, v, plain any) error {
	if err := unmarshalFields(b, plain); err != nil {
		return err
	}
	return encodes(v)
}
