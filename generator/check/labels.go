package check

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/verbatim-archive/verbatim/generator/markdown"
)

// repeatedLabel is how often text shaped like one label of no speaker
// must recur before check says it once, with a count: an archive's 709
// "**Break**:" would drown the few warnings that matter.
const repeatedLabel = 3

// labelTally gathers the warnings about text shaped like a label of no
// speaker, by the label they are about.
type labelTally map[string][]Finding

func (t labelTally) add(subject string, f Finding) {
	k := markdown.FoldLabel(subject)
	t[k] = append(t[k], f)
}

// findings is one finding for each label: as it was when it stands alone,
// and counted, at its first place, when it recurs.
func (t labelTally) findings() []Finding {
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []Finding
	for _, k := range keys {
		fs := t[k]
		if len(fs) < repeatedLabel {
			out = append(out, fs...)
			continue
		}
		sort.SliceStable(fs, func(i, j int) bool {
			if fs[i].File != fs[j].File {
				return fs[i].File < fs[j].File
			}
			return fs[i].Line < fs[j].Line
		})
		files := map[string]bool{}
		for _, f := range fs {
			files[f.File] = true
		}
		var also []string
		for _, f := range fs[1:min(len(fs), 4)] {
			also = append(also, f.File+":"+strconv.Itoa(f.Line))
		}
		first := fs[0]
		first.Message = fmt.Sprintf("%s (%d times in %s; also %s%s). If it names no one, list it under not_speakers in site.yaml and it is left as text without a warning",
			first.Message, len(fs), countOf(len(files), "file"), strings.Join(also, ", "), more(len(fs)-4))
		out = append(out, first)
	}
	return out
}

func countOf(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

func more(n int) string {
	if n <= 0 {
		return ""
	}
	return ", …"
}
