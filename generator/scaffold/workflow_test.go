package scaffold

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/internal/atomicfile"
)

// pinOf is WorkflowPin of a site whose workflow is b.
func pinOf(t *testing.T, b []byte) (string, error) {
	t.Helper()
	dir := t.TempDir()
	if err := atomicfile.Write(filepath.Join(dir, filepath.FromSlash(WorkflowPath)), b, true); err != nil {
		t.Fatal(err)
	}
	return WorkflowPin(dir)
}

// ReleaseServer stands in for GitHub's release downloads: a file of a
// release, GET /download/<version>/<name>, answers with a redirect to
// where the file is, as GitHub's does; anything else is 404.
func releaseServer(t *testing.T, releases map[string]map[string][]byte) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /download/{version}/{name}", func(w http.ResponseWriter, r *http.Request) {
		if _, ok := releases[r.PathValue("version")][r.PathValue("name")]; !ok {
			http.NotFound(w, r)
			return
		}
		http.Redirect(w, r, "/objects/"+r.PathValue("version")+"/"+r.PathValue("name"), http.StatusFound)
	})
	mux.HandleFunc("GET /objects/{version}/{name}", func(w http.ResponseWriter, r *http.Request) {
		w.Write(releases[r.PathValue("version")][r.PathValue("name")])
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// sums is a SHA256SUMS file listing the given files.
func sums(files map[string][]byte) []byte {
	var b bytes.Buffer
	for name, data := range files {
		h := sha256.Sum256(data)
		fmt.Fprintf(&b, "%s  %s\n", hex.EncodeToString(h[:]), name)
	}
	return b.Bytes()
}

// onlyOnPath makes a folder holding the commands the install script needs,
// with fetcher (curl or wget) as its one way to download, for PATH.
func onlyOnPath(t *testing.T, fetcher string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"bash", "sh", "uname", "mktemp", "rm", "awk", "sha256sum", "chmod", "mkdir", "mv", fetcher} {
		p, err := exec.LookPath(name)
		if err != nil {
			t.Skipf("no %s on this machine: %v", name, err)
		}
		if err := os.Symlink(p, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// The install script installs the release asked for only when its SHA-256
// is the one the release lists, and says what went wrong when it is not,
// with curl and with wget, against a stand-in for GitHub's releases.
func TestInstallScript(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in binaries are shell scripts")
	}
	script := filepath.Join(t.TempDir(), "install-verbatim.sh")
	if err := os.WriteFile(script, InstallScript(), 0o644); err != nil {
		t.Fatal(err)
	}
	asset := func(v string) string { return "verbatim-" + v + "-" + runtime.GOOS + "-" + runtime.GOARCH }
	binary := func(says string) []byte { return []byte("#!/bin/sh\necho '" + says + "'\necho 'commit   0123abc'\n") }
	good := binary("verbatim v0.4.0")
	releases := map[string]map[string][]byte{
		"v0.4.0": {asset("v0.4.0"): good, "SHA256SUMS": sums(map[string][]byte{asset("v0.4.0"): good, "verbatim-v0.4.0-plan9-amd64": []byte("x")})},
		// A binary that is not the one released.
		"v0.5.0": {asset("v0.5.0"): binary("verbatim v0.5.0"), "SHA256SUMS": sums(map[string][]byte{asset("v0.5.0"): binary("verbatim v0.5.0 (tampered)")})},
		// A release with no binary for this machine.
		"v0.6.0": {"SHA256SUMS": sums(map[string][]byte{"verbatim-v0.6.0-plan9-amd64": []byte("x")})},
		// A binary that says it is another release.
		"v0.7.0": {asset("v0.7.0"): binary("verbatim v0.3.0"), "SHA256SUMS": sums(map[string][]byte{asset("v0.7.0"): binary("verbatim v0.3.0")})},
	}
	srv := releaseServer(t, releases)
	cases := []struct {
		name, version string
		installed     bool
		says          []string // on stdout when installed, else on stderr
	}{
		{"right checksum installs", "v0.4.0", true, []string{"installed Verbatim v0.4.0 (" + runtime.GOOS + "/" + runtime.GOARCH}},
		{"wrong checksum stops", "v0.5.0", false, []string{"checksum mismatch: " + asset("v0.5.0") + " of Verbatim v0.5.0", "nothing was installed"}},
		{"missing release names the version", "v9.9.9", false, []string{"Verbatim v9.9.9 was asked for, but there is no such release", "/download/v9.9.9/SHA256SUMS was not found (404)", "https://github.com/verbatim-archive/verbatim/releases"}},
		{"no binary for this machine", "v0.6.0", false, []string{"the checksums of Verbatim v0.6.0 list no " + asset("v0.6.0"), runtime.GOOS + "/" + runtime.GOARCH}},
		{"a binary of another release", "v0.7.0", false, []string{`was asked for as Verbatim v0.7.0 but says "verbatim v0.3.0"`}},
		{"not a version", "latest", false, []string{`"latest" is not a release of Verbatim`}},
	}
	for _, fetcher := range []string{"curl", "wget"} {
		path := onlyOnPath(t, fetcher)
		for _, tc := range cases {
			t.Run(fetcher+"/"+tc.name, func(t *testing.T) {
				home := t.TempDir()
				dir := filepath.Join(home, "bin")
				ghPath := filepath.Join(home, "github_path")
				cmd := exec.Command("bash", script, tc.version, dir)
				cmd.Env = []string{"PATH=" + path, "HOME=" + home, "VERBATIM_RELEASES_URL=" + srv.URL + "/download/", "GITHUB_PATH=" + ghPath}
				var stdout, stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				err := cmd.Run()
				if (err == nil) != tc.installed {
					t.Fatalf("exit: %v, want success %v\nstdout: %s\nstderr: %s", err, tc.installed, stdout.String(), stderr.String())
				}
				said := stderr.String()
				if tc.installed {
					said = stdout.String()
				}
				for _, want := range tc.says {
					if !strings.Contains(said, want) {
						t.Errorf("does not say %q:\n%s", want, said)
					}
				}
				bin := filepath.Join(dir, "generator")
				got, err := os.ReadFile(bin)
				if !tc.installed {
					if err == nil {
						t.Errorf("installed %s all the same", bin)
					}
					return
				}
				if !bytes.Equal(got, good) {
					t.Errorf("installed %q, not the release's binary", got)
				}
				if out, err := exec.Command(bin, "version").Output(); err != nil || !strings.HasPrefix(string(out), "verbatim v0.4.0\n") {
					t.Errorf("the installed generator: %v, %q", err, out)
				}
				if b, _ := os.ReadFile(ghPath); string(b) != dir+"\n" {
					t.Errorf("GITHUB_PATH holds %q, want %q", b, dir+"\n")
				}
			})
		}
	}
}

func TestUpgradeWorkflow(t *testing.T) {
	const edited = "    branches: [trunk]" // a site's own change, which an upgrade keeps
	cases := []struct {
		name      string
		workflow  string // "" for none
		script    string // "" for the current one
		to        string
		backwards bool
		want      Moved
		wantPin   string // the pin after
		wantErr   string
	}{
		{"moves to a newer release", string(SiteWorkflow("v0.1.0")), "", "v0.2.0", false, Moved{From: "v0.1.0", To: "v0.2.0"}, "v0.2.0", ""},
		{"the same release", string(SiteWorkflow("v0.2.0")), "", "v0.2.0", false, Moved{From: "v0.2.0", To: "v0.2.0"}, "v0.2.0", ""},
		{"an old install script", string(SiteWorkflow("v0.2.0")), "#!/bin/sh\nold\n", "v0.2.0", false, Moved{From: "v0.2.0", To: "v0.2.0", Script: true}, "v0.2.0", ""},
		{"not back, unless asked", string(SiteWorkflow("v0.3.0")), "", "v0.2.0", false, Moved{From: "v0.3.0", To: "v0.2.0"}, "v0.3.0", "runs Verbatim v0.3.0, newer than v0.2.0: to move it back all the same, give --version v0.2.0"},
		{"back when asked", string(SiteWorkflow("v0.3.0")), "", "v0.2.0", true, Moved{From: "v0.3.0", To: "v0.2.0"}, "v0.2.0", ""},
		{"not to a development build", string(SiteWorkflow("v0.1.0")), "", "devel", false, Moved{To: "devel"}, "v0.1.0", `"devel" is not a release`},
		{"a workflow that pins nothing", string(RepoWorkflow()), "", "v0.2.0", false, Moved{To: "v0.2.0"}, "", "pins no release"},
		{"no workflow", "", "", "v0.2.0", false, Moved{To: "v0.2.0"}, "", "no workflow; generator new site"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			wf := filepath.Join(dir, filepath.FromSlash(WorkflowPath))
			sh := filepath.Join(dir, filepath.FromSlash(InstallScriptPath))
			before := strings.Replace(tc.workflow, "    branches: [main]", edited, 1)
			if tc.workflow != "" {
				if err := atomicfile.Write(wf, []byte(before), true); err != nil {
					t.Fatal(err)
				}
				script := tc.script
				if script == "" {
					script = string(InstallScript())
				}
				if err := atomicfile.Write(sh, []byte(script), true); err != nil {
					t.Fatal(err)
				}
			}
			got, err := UpgradeWorkflow(dir, tc.to, tc.backwards)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("err = %v, want %q", err, tc.wantErr)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("moved %+v, want %+v", got, tc.want)
			}
			if tc.workflow == "" {
				return
			}
			after, _ := os.ReadFile(wf)
			if pin, _ := WorkflowPin(dir); pin != tc.wantPin {
				t.Errorf("pins %q after, want %q", pin, tc.wantPin)
			}
			// Only the pin's line changed.
			if want := strings.Replace(before, "VERBATIM_VERSION: "+tc.want.From, "VERBATIM_VERSION: "+tc.wantPin, 1); tc.wantErr == "" && string(after) != want {
				t.Errorf("the workflow became\n%s\nwant\n%s", after, want)
			}
			if tc.wantErr != "" && string(after) != before {
				t.Error("a refused upgrade changed the workflow")
			}
			if b, _ := os.ReadFile(sh); tc.wantErr == "" && !bytes.Equal(b, InstallScript()) {
				t.Error("the install script is not this generator's")
			}
			if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(wf), ".*")); len(leftovers) > 0 {
				t.Errorf("temporary files left: %v", leftovers)
			}
		})
	}
}
