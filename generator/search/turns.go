package search

import "encoding/binary"

// turnsFile is turns.bin: for each speaker, by number from 1, the number
// of transcripts they have turns in, then each of those transcripts (by
// number, as a delta from the previous) with the count of the speaker's
// turns in it. It lets the search page list every turn of a speaker, in
// the transcripts of a topic or not, with no word to search for (the
// "speaker × topic" view): the transcripts' own index.json give the turns'
// numbers and text. es are in transcript order; every speaker of an entry
// is in speakerNum, which Write has checked.
func turnsFile(es []*Entry, speakerNum map[string]uint64) []byte {
	type seen struct{ tid, turns int }
	by := make([][]seen, len(speakerNum)+1)
	for tid, e := range es {
		for j, id := range e.speakers {
			if e.turns[j] > 0 {
				n := speakerNum[id]
				by[n] = append(by[n], seen{tid, int(e.turns[j])})
			}
		}
	}
	var b []byte
	for _, list := range by[1:] {
		b = binary.AppendUvarint(b, uint64(len(list)))
		prev := 0
		for _, s := range list {
			b = binary.AppendUvarint(b, uint64(s.tid-prev))
			b = binary.AppendUvarint(b, uint64(s.turns))
			prev = s.tid
		}
	}
	return b
}
