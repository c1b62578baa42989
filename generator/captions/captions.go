// Package captions reads and writes caption files — WebVTT, SRT, podcast
// namespace JSON — as plain cues and segments. It knows nothing of
// Markdown, speaker registries or HTML: the importer makes turns and
// speakers of what a reader returns, and the build hands the writers a
// transcript's turns as segments.
//
// Each format has a file of its own: srt.go and vtt.go (over the blocks
// both share, blocks.go; rolling.go unrolls YouTube's rolling captions),
// podcastjson.go, whisperjson.go, cuearray.go (caption tools' JSON arrays),
// json.go, which tells those JSON shapes apart, and write.go for the
// writers.
// A reader returns the cues in the file's order with the lines they stand
// on; what it recovered from is a Warning, what it cannot read an *Error,
// each with its line, so that a caller can say where in which file.
package captions

import (
	"fmt"
	"time"
)

// File is what a reader found in a caption file.
type File struct {
	// Title is what the file says it is: the text after WebVTT's
	// "WEBVTT" signature. "" when it says nothing.
	Title    string
	Cues     []Cue // in the file's order
	Warnings []Warning
	// Rolling says the file held rolling captions, each line repeated in
	// the next cue (YouTube's automatic captions): the cues are its lines,
	// each once, timed by the cue it first appeared in.
	Rolling bool
	// Shape names what a JSON file turned out to be, for messages:
	// "Whisper JSON", "caption JSON list (milliseconds)"; "" for the
	// podcast namespace's.
	Shape string
}

// Cue is one caption, or one segment of a JSON transcript.
type Cue struct {
	// Line is the 1-based line of the cue's timing line, 0 in formats
	// without a line to a cue (JSON).
	Line int
	// ID is the cue's identifier, "" when it has none. Verbatim's writers
	// name each cue after its turn: "t1", "t2"…
	ID    string
	Start time.Duration
	// End is when the cue ends: 0 where the reader does not read it
	// (podcast JSON's endTime, which nothing uses).
	End time.Duration
	// Timed says Start is known: always in SRT and WebVTT, in JSON when
	// the segment has a startTime.
	Timed bool
	// Spans are the cue's text, split where the voice changes: WebVTT's
	// "<v Sarah>Hi</v> <v Tom>Hello" is two. An SRT cue or a JSON segment
	// is one span; a WebVTT cue with no text, none.
	Spans []Span
}

// Span is a run of a cue's text in one voice.
type Span struct {
	// Voice is the speaker as the file names them (a WebVTT voice span, a
	// JSON segment's speaker), "" when it names none. A name written into
	// the text ("SARAH: Hi") stays in Text: telling a label from words is
	// the caller's business.
	Voice string
	// Text is plain text: in SRT and WebVTT with tags taken out, character
	// references read and lines joined by single spaces; in JSON as
	// written, paragraphs separated by blank lines.
	Text string
}

// Warning is something a reader read past and a person should check.
type Warning struct {
	Line int // 1-based; 0 when it is about the file as a whole
	Msg  string
}

// Error is why a file cannot be read.
type Error struct {
	Line int // 1-based; 0 when no one line is to blame
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

func errorAt(line int, format string, args ...any) error {
	return &Error{Line: line, Msg: fmt.Sprintf(format, args...)}
}

func (f *File) warn(line int, msg string) {
	f.Warnings = append(f.Warnings, Warning{Line: line, Msg: msg})
}
