package bridge

import (
	"testing"
)

// Whatever a signed delivery holds, the bridge answers it without a panic,
// with 2xx or 4xx: with a working store, never 5xx.
func FuzzDelivery(f *testing.F) {
	for _, source := range []string{"zendesk", "jsm", "servicenow", "generic"} {
		f.Add(source, okBody[source])
	}
	f.Add("zendesk", `{"ticket_events": [{"id": 1, "ticket_id": "\u0000", "timestamp": 1}]}`)
	f.Add("jsm", `{"webhookEvent": "jira:issue_updated", "timestamp": 1, "issue": {"key": "K"}, "changelog": {"id": "1", "items": [{"field": "status", "fromString": "Open", "toString": "Limbo"}]}}`)
	f.Fuzz(func(t *testing.T, source, body string) {
		switch source {
		case "zendesk", "jsm", "servicenow", "generic":
		default:
			return
		}
		s := newStore(t)
		h := newBridge(t, testConfig(s))
		status, reason := serve(h, signed(source, body))
		if status >= 500 || status >= 400 && reason == "" {
			t.Fatalf("%s: %d %q", source, status, reason)
		}
	})
}
