package admit

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	sigsyaml "sigs.k8s.io/yaml"
)

// ReadPaths reads files and directories (recursively: *.yaml, *.yml, *.json, sorted) into
// documents, one per object. Multi-document YAML is split; `kind: List` is expanded.
func ReadPaths(paths []string) ([]Document, error) {
	var files []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			files = append(files, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && isManifest(path) {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	var docs []Document
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		ds, err := SplitDocuments(f, data)
		if err != nil {
			return nil, err
		}
		docs = append(docs, ds...)
	}
	return docs, nil
}

func isManifest(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".yaml" || ext == ".yml" || ext == ".json"
}

// SplitDocuments turns one file into JSON documents. YAML is read with duplicate keys as errors.
func SplitDocuments(source string, data []byte) ([]Document, error) {
	reader := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	var docs []Document
	for i := 0; ; i++ {
		chunk, err := reader.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", source, err)
		}
		js, err := sigsyaml.YAMLToJSONStrict(chunk)
		if err != nil {
			return nil, fmt.Errorf("%s (document %d): %w", source, i, err)
		}
		js = bytes.TrimSpace(js)
		if len(js) == 0 || string(js) == "null" {
			continue
		}
		where := fmt.Sprintf("%s#%d", source, i)
		items, err := expandList(js)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		for j, item := range items {
			s := where
			if len(items) > 1 || !bytes.Equal(item, js) {
				s = fmt.Sprintf("%s.items[%d]", where, j)
			}
			docs = append(docs, Document{Source: s, JSON: item})
		}
	}
	return docs, nil
}

func expandList(js []byte) ([][]byte, error) {
	var list struct {
		APIVersion string            `json:"apiVersion"`
		Kind       string            `json:"kind"`
		Items      []json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(js, &list); err != nil || list.APIVersion != "v1" || list.Kind != "List" {
		return [][]byte{js}, nil //nolint:nilerr // not a list: judged as one object
	}
	out := make([][]byte, 0, len(list.Items))
	for _, it := range list.Items {
		out = append(out, []byte(it))
	}
	return out, nil
}
