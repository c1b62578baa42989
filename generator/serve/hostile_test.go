package serve

import (
	"strings"
	"testing"
)

// TestTraversalEncodings adds to TestNeverOutside the encodings of ".."
// and of separators that other servers have been caught by: double
// encoding, overlong UTF-8, backslashes raw and encoded, Windows drive
// letters and UNC paths, and ";" path parameters. None may serve the file
// outside the site; each is refused or not found.
func TestTraversalEncodings(t *testing.T) {
	t.Parallel()
	dir := site(t)
	s := newServer(t, dir, "/", NewHub())
	for _, target := range []string{
		"/..%5c..%5csecret.txt",
		"/%5c..%5csecret.txt",
		"/%2e%2e%5csecret.txt",
		"/..%2Fsecret.txt",
		"/%2e%2e/%2e%2e/secret.txt",
		"/%252e%252e/secret.txt",
		"/%252e%252e%252fsecret.txt",
		"/%c0%ae%c0%ae/secret.txt",
		"/%c0%2e%c0%2e/secret.txt",
		"/%e0%80%ae%e0%80%ae/secret.txt",
		"/..;/secret.txt",
		"/.;/../secret.txt",
		"/C:/secret.txt",
		"/C:%5csecret.txt",
		"/%5c%5cserver%5cshare%5csecret.txt",
		"/.%00./secret.txt",
		"/%2e%2e%00/secret.txt",
		"/....//secret.txt",
		"/private/../../secret.txt",
		"/leakdir%2findex.html",
		"/%2fetc%2fpasswd",
		"/" + url(dir) + "/../secret.txt",
	} {
		rec := get(s, "GET", target)
		if rec.Code != 400 && rec.Code != 404 {
			t.Errorf("GET %s: status %d, want 400 or 404", target, rec.Code)
		}
		if strings.Contains(rec.Body.String(), secret) {
			t.Errorf("GET %s served the file outside the site", target)
		}
	}
}
