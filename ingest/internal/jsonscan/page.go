package jsonscan

import "fmt"

// Page walks a page of an export: one JSON object whose records sit in an
// array under one key (Records), beside paging fields read as they come.
// Its zero value is not usable; make one with NewPage.
type Page struct {
	s       *Scanner
	records string
	opened  bool // the object is open
	inArray bool // reading the records
	done    bool // the object is closed
}

// NewPage returns a walker of the page s reads, whose records are the
// array under the key records.
func NewPage(s *Scanner, records string) *Page { return &Page{s: s, records: records} }

// Next reads up to the next record and reports true with the scanner at
// its start: the caller then reads the record. It calls field with each
// other key of the object (matched exactly, as a page's own keys are), to
// read that key's value; field returns false for a key it does not know,
// whose value is skipped. Next reports false at the end of the object, and
// from then on. A field's error is returned under the key's name.
func (p *Page) Next(field func(key string) (bool, error)) (bool, error) {
	s := p.s
	if !p.opened {
		if err := s.Begin('{'); err != nil {
			return false, err
		}
		p.opened = true
	}
	for {
		if p.inArray {
			more, err := s.Elem()
			if err != nil || more {
				return more, err
			}
			p.inArray = false
			continue
		}
		if p.done {
			return false, nil
		}
		key, more, err := s.Key()
		if err != nil {
			return false, err
		}
		if !more {
			if err := s.End(); err != nil {
				return false, err
			}
			p.done = true
			return false, nil
		}
		name := string(key)
		if name == p.records {
			if err := s.Begin('['); err != nil {
				return false, fmt.Errorf("%s: %w", name, err)
			}
			p.inArray = true
			continue
		}
		known, err := field(name)
		if !known && err == nil {
			err = s.Skip()
			name = ""
		}
		if err != nil {
			if name != "" {
				err = fmt.Errorf("%s: %w", name, err)
			}
			return false, err
		}
	}
}
