package build

// Knobs are what a test may change of a one-off build.
type Knobs struct {
	Budget     int    // bytes of bodies kept rendered in memory, when not spilled
	NoSpill    bool   // hold in memory what would wait in temporary files
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
	return b.Build(nil)
}
