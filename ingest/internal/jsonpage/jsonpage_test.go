package jsonpage

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
)

// read drains a page of {"total": n, "items": [...]} and returns the items,
// the total and the error that ended it.
func read(page string) (items []int, total int, err error) {
	r := New(json.NewDecoder(strings.NewReader(page)), "items", "item", func(key string) any {
		if key == "total" {
			return &total
		}
		return nil
	})
	for {
		var v int
		if err = r.Next(&v); err != nil {
			return items, total, err
		}
		items = append(items, v)
	}
}

func TestReader(t *testing.T) {
	for _, tc := range []struct {
		name, page string
		items      []int
		total      int
		err        string // "" means io.EOF
	}{
		{name: "fields around the array", page: `{"total": 3, "skip": {"a": [1]}, "items": [1, 2, 3], "next": null}`, items: []int{1, 2, 3}, total: 3},
		{name: "field after the array", page: `{"items": [7], "total": 1}`, items: []int{7}, total: 1},
		{name: "no array", page: `{"total": 0}`},
		{name: "not an object", page: `[1]`, err: `got [, want "{"`},
		{name: "array is an object", page: `{"items": {}}`, err: `items: got {, want "["`},
		{name: "bad record", page: `{"items": [1, "x"]}`, items: []int{1}, err: "item 2: json: cannot unmarshal string"},
		{name: "bad field", page: `{"total": "x", "items": []}`, err: "total: json: cannot unmarshal string"},
		{name: "cut short", page: `{"items": [1`, items: []int{1}, err: "unexpected end of the page"},
		{name: "cut after a field", page: `{"total": 3,`, total: 3, err: "unexpected end of the page"},
		{name: "cut after a key", page: `{"total":`, err: "total: unexpected end of the page"},
		{name: "data after the page", page: `{"items": []} {}`, err: "data after the page's object"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			items, total, err := read(tc.page)
			switch {
			case tc.err == "" && !errors.Is(err, io.EOF):
				t.Errorf("error %v, want io.EOF", err)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Errorf("error %v, want one containing %q", err, tc.err)
			}
			if total != tc.total || len(items) != len(tc.items) {
				t.Fatalf("items %v, total %d; want %v, %d", items, total, tc.items, tc.total)
			}
			for i := range items {
				if items[i] != tc.items[i] {
					t.Errorf("items %v, want %v", items, tc.items)
				}
			}
		})
	}
}
