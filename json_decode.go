package hypercare

// This file gives every exported type that has no decoder of its own one
// that decodes exactly as encoding/json would by default, through
// unmarshalFields: so that an error decoding any of the package's types —
// at the top or deep inside — names the JSON field and the JSON wanted, not
// Go types. TestJSONDecodersComplete keeps the list complete.

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
	*s = Shift{Slot: Slot(v.plainSlot), People: v.People}
	return nil
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *AdoptionMetric) UnmarshalJSON(b []byte) error {
	type plain AdoptionMetric
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Segment) UnmarshalJSON(b []byte) error {
	type plain Segment
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Sample) UnmarshalJSON(b []byte) error {
	type plain Sample
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Series) UnmarshalJSON(b []byte) error {
	type plain Series
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Flag) UnmarshalJSON(b []byte) error {
	type plain Flag
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *RateTarget) UnmarshalJSON(b []byte) error {
	type plain RateTarget
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *MonitorConfig) UnmarshalJSON(b []byte) error {
	type plain MonitorConfig
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *BelowTargetRule) UnmarshalJSON(b []byte) error {
	type plain BelowTargetRule
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *DecliningRule) UnmarshalJSON(b []byte) error {
	type plain DecliningRule
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *EWMARule) UnmarshalJSON(b []byte) error {
	type plain EWMARule
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *CUSUMRule) UnmarshalJSON(b []byte) error {
	type plain CUSUMRule
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *LaggingRule) UnmarshalJSON(b []byte) error {
	type plain LaggingRule
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *NeverUsedRule) UnmarshalJSON(b []byte) error {
	type plain NeverUsedRule
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *EWMAChart) UnmarshalJSON(b []byte) error {
	type plain EWMAChart
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *EWMAPoint) UnmarshalJSON(b []byte) error {
	type plain EWMAPoint
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *CUSUMChart) UnmarshalJSON(b []byte) error {
	type plain CUSUMChart
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *CUSUMPoint) UnmarshalJSON(b []byte) error {
	type plain CUSUMPoint
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *RunRules) UnmarshalJSON(b []byte) error {
	type plain RunRules
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *RunSignal) UnmarshalJSON(b []byte) error {
	type plain RunSignal
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *MannKendallResult) UnmarshalJSON(b []byte) error {
	type plain MannKendallResult
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *SenFit) UnmarshalJSON(b []byte) error {
	type plain SenFit
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *LinearFit) UnmarshalJSON(b []byte) error {
	type plain LinearFit
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Interval) UnmarshalJSON(b []byte) error {
	type plain Interval
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *ExitInput) UnmarshalJSON(b []byte) error {
	type plain ExitInput
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Result) UnmarshalJSON(b []byte) error {
	type plain Result
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Verdict) UnmarshalJSON(b []byte) error {
	type plain Verdict
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *NoNewIssues) UnmarshalJSON(b []byte) error {
	type plain NoNewIssues
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *DefectRate) UnmarshalJSON(b []byte) error {
	type plain DefectRate
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Takeover) UnmarshalJSON(b []byte) error {
	type plain Takeover
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *NoneOpen) UnmarshalJSON(b []byte) error {
	type plain NoneOpen
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *SLACompliance) UnmarshalJSON(b []byte) error {
	type plain SLACompliance
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *SponsorSignOff) UnmarshalJSON(b []byte) error {
	type plain SponsorSignOff
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *IssueID) UnmarshalJSON(b []byte) error {
	type plain IssueID
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *PersonID) UnmarshalJSON(b []byte) error {
	type plain PersonID
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *EngagementID) UnmarshalJSON(b []byte) error {
	type plain EngagementID
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Event) UnmarshalJSON(b []byte) error {
	type plain Event
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *State) UnmarshalJSON(b []byte) error {
	type plain State
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *SignOff) UnmarshalJSON(b []byte) error {
	type plain SignOff
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Phase) UnmarshalJSON(b []byte) error {
	type plain Phase
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *ICalEvent) UnmarshalJSON(b []byte) error {
	type plain ICalEvent
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Finding) UnmarshalJSON(b []byte) error {
	type plain Finding
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *ShiftShare) UnmarshalJSON(b []byte) error {
	type plain ShiftShare
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Ceremony) UnmarshalJSON(b []byte) error {
	type plain Ceremony
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Rates) UnmarshalJSON(b []byte) error {
	type plain Rates
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Cost) UnmarshalJSON(b []byte) error {
	type plain Cost
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Scenario) UnmarshalJSON(b []byte) error {
	type plain Scenario
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *ScenarioCost) UnmarshalJSON(b []byte) error {
	type plain ScenarioCost
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *IssueLine) UnmarshalJSON(b []byte) error {
	type plain IssueLine
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *OpenCount) UnmarshalJSON(b []byte) error {
	type plain OpenCount
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *ClockLine) UnmarshalJSON(b []byte) error {
	type plain ClockLine
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Trend) UnmarshalJSON(b []byte) error {
	type plain Trend
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *DayCount) UnmarshalJSON(b []byte) error {
	type plain DayCount
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Period) UnmarshalJSON(b []byte) error {
	type plain Period
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *SegmentFlags) UnmarshalJSON(b []byte) error {
	type plain SegmentFlags
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *RotaSummary) UnmarshalJSON(b []byte) error {
	type plain RotaSummary
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Slot) UnmarshalJSON(b []byte) error {
	type plain Slot
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Roster) UnmarshalJSON(b []byte) error {
	type plain Roster
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Rota) UnmarshalJSON(b []byte) error {
	type plain Rota
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Violation) UnmarshalJSON(b []byte) error {
	type plain Violation
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *UnfilledSlot) UnmarshalJSON(b []byte) error {
	type plain UnfilledSlot
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Blocked) UnmarshalJSON(b []byte) error {
	type plain Blocked
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Pattern) UnmarshalJSON(b []byte) error {
	type plain Pattern
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *PhaseShifts) UnmarshalJSON(b []byte) error {
	type plain PhaseShifts
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Handling) UnmarshalJSON(b []byte) error {
	type plain Handling
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *HeroStats) UnmarshalJSON(b []byte) error {
	type plain HeroStats
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *HeroFlag) UnmarshalJSON(b []byte) error {
	type plain HeroFlag
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *HeroReport) UnmarshalJSON(b []byte) error {
	type plain HeroReport
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *SeverityName) UnmarshalJSON(b []byte) error {
	type plain SeverityName
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Scheme) UnmarshalJSON(b []byte) error {
	type plain Scheme
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Symptoms) UnmarshalJSON(b []byte) error {
	type plain Symptoms
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Policy) UnmarshalJSON(b []byte) error {
	type plain Policy
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *History) UnmarshalJSON(b []byte) error {
	type plain History
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *PhaseSpan) UnmarshalJSON(b []byte) error {
	type plain PhaseSpan
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *HistoryDay) UnmarshalJSON(b []byte) error {
	type plain HistoryDay
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *SeverityCount) UnmarshalJSON(b []byte) error {
	type plain SeverityCount
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *SLACount) UnmarshalJSON(b []byte) error {
	type plain SLACount
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *HourOnShift) UnmarshalJSON(b []byte) error {
	type plain HourOnShift
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *AdoptionTrace) UnmarshalJSON(b []byte) error {
	type plain AdoptionTrace
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *TracePoint) UnmarshalJSON(b []byte) error {
	type plain TracePoint
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Reminder) UnmarshalJSON(b []byte) error {
	type plain Reminder
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *EventID) UnmarshalJSON(b []byte) error {
	type plain EventID
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *HeldEvent) UnmarshalJSON(b []byte) error {
	type plain HeldEvent
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Insertion) UnmarshalJSON(b []byte) error {
	type plain Insertion
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *HeldLine) UnmarshalJSON(b []byte) error {
	type plain HeldLine
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Deadline) UnmarshalJSON(b []byte) error {
	type plain Deadline
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Pin) UnmarshalJSON(b []byte) error {
	type plain Pin
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *LevelTerm) UnmarshalJSON(b []byte) error {
	type plain LevelTerm
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *StatusTerm) UnmarshalJSON(b []byte) error {
	type plain StatusTerm
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *KindTerm) UnmarshalJSON(b []byte) error {
	type plain KindTerm
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *TeamTerm) UnmarshalJSON(b []byte) error {
	type plain TeamTerm
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *AgentTerm) UnmarshalJSON(b []byte) error {
	type plain AgentTerm
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Mapping) UnmarshalJSON(b []byte) error {
	type plain Mapping
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Change) UnmarshalJSON(b []byte) error {
	type plain Change
	return unmarshalFields(b, (*plain)(v))
}

// UnmarshalJSON decodes as encoding/json does by default; a value of the
// wrong kind is an error naming its JSON field and wrapping ErrInvalid.
func (v *Update) UnmarshalJSON(b []byte) error {
	type plain Update
	return unmarshalFields(b, (*plain)(v))
}
