package report

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// remoteRef finds a reference that would make a browser fetch something:
// a URL with a scheme or starting with //.
var remoteRef = regexp.MustCompile(`(?i)^\s*(https?:|//|ftp:|ws:|wss:)`)

// cssURL finds url(...) in CSS, with what it refers to.
var cssURL = regexp.MustCompile(`(?i)url\(\s*['"]?([^'")]*)`)

// pageCheck is what a rendered page holds, from a real HTML parser.
type pageCheck struct {
	svgs, scripts, links, nodata int
	remote                       []string
	text                         string
}

// checkPage parses page as a browser would and counts what matters: SVG
// elements, scripts, links, "no data" notes, and every reference that
// would be fetched (src, href, xlink:href, CSS url()).
func checkPage(t *testing.T, page []byte) pageCheck {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatalf("the page does not parse: %v", err)
	}
	var c pageCheck
	var text strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.ElementNode && n.Data == "svg":
			c.svgs++
		case n.Type == html.ElementNode && n.Data == "script":
			c.scripts++
		case n.Type == html.ElementNode && n.Data == "link":
			c.links++
		case n.Type == html.TextNode:
			text.WriteString(n.Data)
			if n.Parent != nil && n.Parent.Data == "style" {
				for _, m := range cssURL.FindAllStringSubmatch(n.Data, -1) {
					c.remote = append(c.remote, "url("+m[1]+")")
				}
			}
		}
		for _, a := range n.Attr {
			if a.Key == "class" && strings.Contains(a.Val, "nodata") {
				c.nodata++
			}
			if (a.Key == "src" || a.Key == "href" || a.Key == "srcset" || a.Key == "poster") && remoteRef.MatchString(a.Val) {
				c.remote = append(c.remote, a.Key+"="+a.Val)
			}
			if a.Key == "style" && cssURL.MatchString(a.Val) {
				c.remote = append(c.remote, "style="+a.Val)
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(doc)
	c.text = text.String()
	return c
}

// TestHTMLSelfContained: the page parses, holds the 8 plots as inline
// SVG, and refers to nothing a browser would fetch: no script, no link,
// no remote src or href, no url() in its CSS.
func TestHTMLSelfContained(t *testing.T) {
	r := Build(sampleResult(), "lkbot test")
	r.Config["url"] = "https://livekit.example.com" // a URL as text is fine
	var out bytes.Buffer
	if err := RenderHTML(&out, r); err != nil {
		t.Fatal(err)
	}
	c := checkPage(t, out.Bytes())
	if c.svgs != 8 || c.nodata != 0 {
		t.Fatalf("%d SVG plots and %d no-data notes, want 8 and 0", c.svgs, c.nodata)
	}
	if c.scripts != 0 || c.links != 0 || len(c.remote) != 0 {
		t.Fatalf("%d scripts, %d links, references %v: the page must load nothing", c.scripts, c.links, c.remote)
	}
	for _, want := range []string{"max_join_failures", "FAIL", "load-1", "30/40/40", "load-2-sub-1", "the server rejected the credentials"} {
		if !strings.Contains(c.text, want) {
			t.Errorf("the page does not say %q", want)
		}
	}
	if strings.Contains(out.String(), secret) {
		t.Error("the page holds the API secret")
	}
}

// TestHTMLEmptyRun: a run that measured nothing still makes a page, with a
// note in place of each plot; an invalid one says so at the top.
func TestHTMLEmptyRun(t *testing.T) {
	res := sampleResult()
	res.Series, res.Quality, res.Invalid = nil, nil, "the generator was saturated"
	r := Build(res, "lkbot test")
	path := filepath.Join(t.TempDir(), "report.html")
	if err := WriteHTML(path, r); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c := checkPage(t, page)
	if c.svgs != 0 || c.nodata != 8 {
		t.Fatalf("%d SVG plots and %d no-data notes, want 0 and 8", c.svgs, c.nodata)
	}
	if !strings.Contains(c.text, "INVALID: the generator was saturated") {
		t.Error("no INVALID banner")
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Fatalf("WriteHTML left %d files, want the page alone", len(entries))
	}
}

func TestWriteHTMLBadPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "report.html")
	err := WriteHTML(path, Build(sampleResult(), "lkbot test"))
	if err == nil || !strings.Contains(err.Error(), path) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("WriteHTML to a missing folder: %v, want one line naming the path", err)
	}
}
