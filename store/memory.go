package store

// Memory is a Store that keeps everything in memory, for tests and
// short-lived tools: it is lost when the process ends. It is safe for
// concurrent use. Engagements go through a JSON round trip on the way in and
// out, exactly as with the file backend, so a program tested against Memory
// meets the same rules on disk.
type Memory struct {
	base
}

var _ Store = (*Memory)(nil)

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory {
	m := &Memory{}
	m.t = newTables()
	m.commit = m.apply
	return m
}

func (m *Memory) apply(c change) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ErrClosed
	}
	if err := c.check(&m.t); err != nil {
		return err
	}
	c.apply(&m.t)
	m.feed.publish(c)
	return nil
}

// Close implements Store.Close, dropping everything the store held.
func (m *Memory) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ErrClosed
	}
	m.closed, m.t = true, tables{}
	m.feed.close()
	return nil
}
