package pipeline

import (
	"errors"
	"os"

	"github.com/verbatim-archive/verbatim/generator/internal/spill"
)

// Knobs are what a test may change of a one-off build.
type Knobs struct {
	Budget     int    // bytes of bodies kept rendered in memory, when not spilled
	NoSpill    bool   // hold in memory what would wait in temporary files
	SpillLimit int64  // when not 0, each temporary file takes no more bytes, as on a full disk
	Loaded     func() // called between reading the source and building the model
	ModelBuilt func() // called between building the model and rendering it
}

// RunWith is Run with the knobs k.
func RunWith(opt Options, k Knobs) (*Result, error) {
	b, err := NewOneOff(opt)
	if err != nil {
		return nil, err
	}
	b.budget, b.noSpill, b.loaded, b.modelBuilt = k.Budget, k.NoSpill, k.Loaded, k.ModelBuilt
	if k.SpillLimit > 0 {
		b.wrapSpill = func(f *os.File) spill.File { return &fullDisk{f: f, left: k.SpillLimit} }
	}
	return b.Build(nil)
}

// fullDisk is a temporary file on a disk with left bytes free.
type fullDisk struct {
	f    *os.File
	left int64
}

func (d *fullDisk) Write(p []byte) (int, error) {
	if int64(len(p)) > d.left {
		n, _ := d.f.Write(p[:d.left])
		d.left = 0
		return n, errors.New("no space left on device")
	}
	d.left -= int64(len(p))
	return d.f.Write(p)
}

func (d *fullDisk) ReadAt(p []byte, at int64) (int, error) { return d.f.ReadAt(p, at) }
