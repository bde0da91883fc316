package quality

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// maxEncodedLen bounds one encoded histogram in a report: a full one of
// our ranges compresses to a few kB.
const maxEncodedLen = 1 << 20

// encodedHistogram is one histogram in a report: its percentiles for
// people, and HDR, the base64 of HdrHistogram's compressed V2 encoding,
// which is what decoding and merging read.
type encodedHistogram struct {
	Unit string `json:"unit"`
	Percentiles
	HDR string `json:"hdr"`
}

// encodedAggregate is an Aggregate in a report.
type encodedAggregate struct {
	Counters   Counters                    `json:"counters"`
	Histograms map[string]encodedHistogram `json:"histograms"`
}

// MarshalJSON writes the counters and each histogram, encoded.
func (a *Aggregate) MarshalJSON() ([]byte, error) {
	c := a.Clone() // encode without holding a's lock
	out := encodedAggregate{Counters: c.counters, Histograms: make(map[string]encodedHistogram, len(c.hists))}
	names := make([]string, 0, len(c.hists))
	for name := range c.hists {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		m, _ := metricNamed(name)
		b, err := c.hists[name].Encode(hdrhistogram.V2CompressedEncodingCookieBase)
		if err != nil {
			return nil, fmt.Errorf("encode %s histogram: %w", name, err)
		}
		out.Histograms[name] = encodedHistogram{Unit: m.Unit, Percentiles: c.Percentiles(m), HDR: string(b)}
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads what MarshalJSON wrote. Percentiles are computed
// again from the decoded histograms; those in the input are ignored. A
// histogram that does not decode, or holds values out of its metric's
// range, is an error naming the metric.
func (a *Aggregate) UnmarshalJSON(b []byte) error {
	var in encodedAggregate
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	hists := make(map[string]*hdrhistogram.Histogram, len(in.Histograms))
	for name, e := range in.Histograms {
		h, err := decodeHistogram(name, e.HDR)
		if err != nil {
			return err
		}
		hists[name] = h
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.counters, a.hists = in.Counters, hists
	return nil
}

// decodeHistogram decodes one metric's histogram into the metric's own
// range, whatever range the encoding says.
func decodeHistogram(name, encoded string) (*hdrhistogram.Histogram, error) {
	m, ok := metricNamed(name)
	if !ok {
		return nil, fmt.Errorf("%w %q", ErrUnknownMetric, name)
	}
	if len(encoded) > maxEncodedLen {
		return nil, fmt.Errorf("%w: %s is %d bytes, more than %d", ErrBadHistogram, name, len(encoded), maxEncodedLen)
	}
	// The sparse decoder keeps only populated buckets: a few bytes that
	// claim a range of 2^62 cannot make us allocate its dense array.
	decoded, err := hdrhistogram.DecodePacked([]byte(encoded))
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrBadHistogram, name, err)
	}
	h := newHistogram(m)
	if dropped := decoded.MergeInto(h); dropped != 0 {
		return nil, fmt.Errorf("%w: %s holds %d values outside 0 to %d %s", ErrBadHistogram, name, dropped, m.Highest, m.Unit)
	}
	return h, nil
}
