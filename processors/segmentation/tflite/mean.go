package tflite

import "fmt"

// mean is MEAN over any set of axes of a tensor of rank up to 4.
type mean struct {
	in, out int
	dims    [4]int // input shape padded to rank 4 with leading 1s
	ostride [4]int // output stride per input axis, 0 on reduced axes
	count   float32
}

func (b *builder) mean(op rawOperator, ins, outs []int) (kernel, error) {
	if err := arity(ins, outs, 2, 2, 1); err != nil {
		return nil, err
	}
	in, err := b.floatTensor(ins[0])
	if err != nil {
		return nil, err
	}
	axes, err := b.constInt(ins[1])
	if err != nil {
		return nil, err
	}
	rank := len(in.shape)
	if rank > 4 {
		return nil, fmt.Errorf("%w: MEAN of rank %d", ErrUnsupported, rank)
	}
	var reduced [4]bool
	for _, a := range axes {
		if a < 0 {
			a += int32(rank)
		}
		if a < 0 || int(a) >= rank {
			return nil, fmt.Errorf("%w: MEAN axis %d of rank %d", ErrInvalid, a, rank)
		}
		reduced[int(a)+4-rank] = true
	}
	k := &mean{in: ins[0], out: outs[0], count: 1}
	var keep, squeezed []int
	for i := 0; i < 4; i++ {
		k.dims[i] = 1
		if i >= 4-rank {
			k.dims[i] = in.shape[i-(4-rank)]
		}
		if reduced[i] {
			k.count *= float32(k.dims[i])
			keep = append(keep, 1)
		} else {
			keep = append(keep, k.dims[i])
			squeezed = append(squeezed, k.dims[i])
		}
	}
	stride := 1
	for i := 3; i >= 0; i-- {
		if !reduced[i] {
			k.ostride[i] = stride
			stride *= k.dims[i]
		}
	}
	want := squeezed
	if op.options.u8(reducerKeepDims, 0) != 0 {
		want = keep[4-rank:]
	}
	if err := wantShape(&b.tensors[outs[0]], want...); err != nil {
		return nil, err
	}
	return k, nil
}

func (k *mean) work() int { return k.dims[0] * k.dims[1] * k.dims[2] * k.dims[3] }

func (k *mean) run(e *exec) {
	in, out := e.bufs[k.in], e.bufs[k.out]
	clear(out)
	d, s := k.dims, k.ostride
	i := 0
	for a := 0; a < d[0]; a++ {
		for b := 0; b < d[1]; b++ {
			for c := 0; c < d[2]; c++ {
				o := out[a*s[0]+b*s[1]+c*s[2]:]
				if s[3] == 1 {
					addTo(o[:d[3]], in[i:i+d[3]])
				} else {
					var sum float32
					for _, v := range in[i : i+d[3]] {
						sum += v
					}
					o[0] += sum
				}
				i += d[3]
			}
		}
	}
	scale(out, 1/k.count)
}
