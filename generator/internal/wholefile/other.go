//go:build !unix

package wholefile

import (
	"io"
	"io/fs"
	"os"
)

func read(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() > max {
		return nil, &TooLargeError{Path: path, Size: st.Size()}
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: path, Err: err}
	}
	if int64(len(data)) > max {
		return nil, &TooLargeError{Path: path, Size: int64(len(data))}
	}
	return data, nil
}

func write(path string, data []byte, perm fs.FileMode) error {
	return os.WriteFile(path, data, perm)
}
