package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/verbatim-archive/verbatim/generator/scaffold"
	"github.com/verbatim-archive/verbatim/generator/version"
)

func upgradeWorkflowCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("upgrade-workflow", "Moves the release of Verbatim that the site's .github/workflows/pages.yml runs to this\n"+
		"generator's (changing only its VERBATIM_VERSION line), and updates .github/scripts/install-verbatim.sh.", stderr)
	source := fs.String("source", ".", "the site `folder`")
	to := fs.String("version", "", "the release to move to, older ones too (default this generator's)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "generator upgrade-workflow: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	release, fromLatest := version.Get().Pin()
	if *to != "" {
		release, fromLatest = *to, false
	}
	m, err := scaffold.UpgradeWorkflow(*source, release, *to != "")
	if err != nil {
		fmt.Fprintln(stderr, "generator upgrade-workflow:", err)
		return 1
	}
	if fromLatest {
		fmt.Fprintf(stdout, "This is a development build of the generator: %s is the latest release it knows of.\n", release)
	}
	if m.From == m.To {
		fmt.Fprintf(stdout, "%s already runs Verbatim %s.\n", scaffold.WorkflowPath, m.To)
	} else {
		fmt.Fprintf(stdout, "%s now runs Verbatim %s (it ran %s).\n", scaffold.WorkflowPath, m.To, m.From)
	}
	if m.Script {
		fmt.Fprintf(stdout, "wrote %s\n", scaffold.InstallScriptPath)
	}
	if m.From != m.To || m.Script {
		fmt.Fprintln(stdout, "Commit and push the change to publish with that release.")
	}
	return 0
}
