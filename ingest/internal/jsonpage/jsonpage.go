// Package jsonpage streams one page of a helpdesk's JSON export: an object
// whose array field holds the records, read one at a time without holding
// the page in memory, and whose other fields (paging cursors, totals) are
// decoded as they come.
package jsonpage

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Reader reads the records of one page. The zero Reader is not usable; use
// New.
type Reader struct {
	dec     *json.Decoder
	array   string           // the key of the records' array
	what    string           // what a record is called in errors
	field   func(string) any // where another field goes; nil skips it
	opened  bool             // the page's object is open
	inArray bool             // reading the records
	done    bool
	n       int // records read
}

// New returns a reader of the page dec reads: records are the elements of
// the array under key array, named what in errors ("ticket event 3: ...");
// field returns where the value of any other key is decoded, or nil to skip
// it.
func New(dec *json.Decoder, array, what string, field func(key string) any) *Reader {
	return &Reader{dec: dec, array: array, what: what, field: field}
}

// Next decodes the next record into dst. It returns io.EOF once the page's
// object has ended and nothing follows it, having decoded every other field
// on the way; otherwise an error naming the record or the key, or saying
// which delimiter was expected.
func (r *Reader) Next(dst any) error {
	if !r.opened {
		if err := r.delim('{'); err != nil {
			return err
		}
		r.opened = true
	}
	for {
		if r.inArray {
			if r.dec.More() {
				if err := r.dec.Decode(dst); err != nil {
					return fmt.Errorf("%s %d: %w", r.what, r.n+1, err)
				}
				r.n++
				return nil
			}
			if err := r.delim(']'); err != nil {
				return err
			}
			r.inArray = false
			continue
		}
		if r.done {
			return io.EOF
		}
		if !r.dec.More() {
			if err := r.delim('}'); err != nil {
				return err
			}
			if _, err := r.dec.Token(); err != io.EOF {
				return errors.New("data after the page's object")
			}
			r.done = true
			return io.EOF
		}
		tok, err := r.dec.Token()
		if err == io.EOF { // after a comma: the page is cut short
			return errors.New("unexpected end of the page, want a key")
		}
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		if key == r.array {
			if err := r.delim('['); err != nil {
				return fmt.Errorf("%s: %w", key, err)
			}
			r.inArray = true
			continue
		}
		var v any = new(json.RawMessage)
		if f := r.field(key); f != nil {
			v = f
		}
		if err := r.dec.Decode(v); err == io.EOF {
			return fmt.Errorf("%s: unexpected end of the page, want a value", key)
		} else if err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
	}
}

// delim reads the delimiter want, or says what came instead.
func (r *Reader) delim(want json.Delim) error {
	tok, err := r.dec.Token()
	if err == io.EOF {
		return fmt.Errorf("unexpected end of the page, want %q", want)
	}
	if err != nil {
		return err
	}
	if tok != want {
		return fmt.Errorf("got %v, want %q", tok, want)
	}
	return nil
}
