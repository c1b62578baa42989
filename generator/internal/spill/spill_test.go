package spill

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// Parts appended from many goroutines read back as they were written.
func TestAppendReadBack(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "spill"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var l Log
	if l.On() {
		t.Fatal("the zero Log is on")
	}
	if _, ok := l.Append([]byte("x")); ok {
		t.Fatal("an off Log took bytes")
	}
	l.To(f)
	type kept struct {
		at   At
		want []byte
	}
	got := make([]kept, 100)
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() {
			head, tail := bytes.Repeat([]byte{byte(i)}, i), []byte{byte(i), 0xff}
			at, ok := l.Append(head, tail)
			if !ok {
				t.Errorf("%d: not appended", i)
			}
			got[i] = kept{at, append(head, tail...)}
		})
	}
	wg.Wait()
	for i, k := range got {
		b := make([]byte, len(k.want))
		if err := k.at.Read(b); err != nil || !bytes.Equal(b, k.want) {
			t.Errorf("%d: read %v (%v), want %v", i, b, err, k.want)
		}
		tail := make([]byte, 2)
		if err := k.at.Plus(i).Read(tail); err != nil || tail[0] != byte(i) || tail[1] != 0xff {
			t.Errorf("%d: Plus read %v (%v)", i, tail, err)
		}
	}
}

type failing struct{ File }

func (failing) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// A failed write turns the log off, says why, and leaves what was written
// before readable.
func TestFailedWriteTurnsOff(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "spill"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var l Log
	l.To(f)
	before, ok := l.Append([]byte("kept"))
	if !ok {
		t.Fatal("not appended")
	}
	l.To(failing{f})
	if _, ok := l.Append([]byte("lost")); ok || l.On() || l.Err() == nil {
		t.Errorf("after a failed write: on %v, err %v", l.On(), l.Err())
	}
	b := make([]byte, 4)
	if err := before.Read(b); err != nil || string(b) != "kept" {
		t.Errorf("read back %q (%v)", b, err)
	}
}
