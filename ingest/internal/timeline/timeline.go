// Package timeline places an adapter's events on the issue they belong to.
package timeline

import "github.com/hypercare-go/hypercare"

// Add places events on is as hypercare.Issue.Insert does — what the
// timeline cannot place yet is held, an event it holds again is skipped —
// taking Append's constant-time path when the events come in order after
// the last, as an export's mostly do. It returns Insert's error.
func Add(is *hypercare.Issue, events ...hypercare.Event) error {
	if len(is.Held()) == 0 && is.Append(events...) == nil {
		return nil
	}
	_, err := is.Insert(events...)
	return err
}
