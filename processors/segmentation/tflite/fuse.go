package tflite

// fuse folds operators into the convolution that feeds them, when that
// convolution's result has no other reader: an activation (RELU,
// HARD_SWISH, LOGISTIC) becomes its epilogue's activation, then an ADD of a
// same-shaped tensor that is already computed becomes its residual. This
// saves a pass over memory per fused operator.
func fuse(nodes []node, tensors []tensorSpec, graphOutputs []int) []node {
	readers := make([]int, len(tensors))
	producer := make([]int, len(tensors))
	for i := range producer {
		producer[i] = -1
	}
	for i, n := range nodes {
		for _, t := range n.inputs {
			readers[t]++
		}
		for _, t := range n.outputs {
			producer[t] = i
		}
	}
	for _, t := range graphOutputs {
		readers[t]++ // never fuse away a graph output
	}
	for i := range nodes {
		f, ok := nodes[i].k.(fusable)
		if !ok {
			continue
		}
		for {
			t := f.output()
			j := nextReader(nodes, i, t)
			if readers[t] != 1 || j < 0 || !absorb(f, &nodes[j], t, producer, i) {
				break
			}
			nodes[i].name += "+" + nodes[j].name
			nodes[i].inputs = append(nodes[i].inputs, nodes[j].inputs...)
			nodes[i].outputs = nodes[j].outputs
			nodes[j].k = nil
		}
	}
	out := nodes[:0]
	for _, n := range nodes {
		if n.k != nil {
			out = append(out, n)
		}
	}
	return out
}

// nextReader returns the index of the first live node after i reading t.
func nextReader(nodes []node, i, t int) int {
	for j := i + 1; j < len(nodes); j++ {
		if nodes[j].k == nil {
			continue
		}
		for _, in := range nodes[j].inputs {
			if in == t {
				return j
			}
		}
	}
	return -1
}

// absorb moves the operator of node n, which reads f's output t, into f's
// epilogue if it can, and reports whether it did.
func absorb(f fusable, n *node, t int, producer []int, at int) bool {
	epi := f.fusion()
	switch k := n.k.(type) {
	case *unary:
		if epi.act != actNone || epi.residual >= 0 {
			return false
		}
		epi.act = k.act
		f.setOutput(k.out)
		return true
	case *arith:
		if k.mul || k.mode != arithSame || k.act != actNone || epi.residual >= 0 || k.a == k.b {
			return false
		}
		other := k.a
		if other == t {
			other = k.b
		}
		if producer[other] >= at { // not yet computed when f runs
			return false
		}
		epi.residual = other
		f.setOutput(k.out)
		return true
	}
	return false
}
