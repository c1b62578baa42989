package build

// RunWith is Run with at most budget bytes of transcript bodies kept
// rendered from the model's parse, and modelBuilt called between building
// the model and rendering it.
func RunWith(opt Options, budget int, modelBuilt func()) (*Result, error) {
	b, err := NewOneOff(opt)
	if err != nil {
		return nil, err
	}
	b.budget, b.modelBuilt = budget, modelBuilt
	return b.Build(nil)
}
