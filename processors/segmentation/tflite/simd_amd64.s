//go:build amd64 && !purego

#include "textflag.h"

// Float32 constants for the activations, broadcast with VBROADCASTSS.
DATA actconst<>+0(SB)/4, $0x40400000  // 3
DATA actconst<>+4(SB)/4, $0x40c00000  // 6
DATA actconst<>+8(SB)/4, $0x3e2aaaab  // 1/6
GLOBL actconst<>(SB), RODATA|NOPTR, $12

// func cpuid(eax, ecx uint32) (a, b, c, d uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL eax+0(FP), AX
	MOVL ecx+4(FP), CX
	CPUID
	MOVL AX, a+8(FP)
	MOVL BX, b+12(FP)
	MOVL CX, c+16(FP)
	MOVL DX, d+20(FP)
	RET

// func xgetbv() (eax, edx uint32)
TEXT ·xgetbv(SB), NOSPLIT, $0-8
	MOVL $0, CX
	XGETBV
	MOVL AX, eax+0(FP)
	MOVL DX, edx+4(FP)
	RET

// Activations of Y0-Y7 in place; they use Y8-Y14 as temporaries.
#define RELU8 \
	VXORPS Y8, Y8, Y8 \
	VMAXPS Y8, Y0, Y0 \
	VMAXPS Y8, Y1, Y1 \
	VMAXPS Y8, Y2, Y2 \
	VMAXPS Y8, Y3, Y3 \
	VMAXPS Y8, Y4, Y4 \
	VMAXPS Y8, Y5, Y5 \
	VMAXPS Y8, Y6, Y6 \
	VMAXPS Y8, Y7, Y7

#define RELU6_8 \
	RELU8 \
	VBROADCASTSS actconst<>+4(SB), Y9 \
	VMINPS Y9, Y0, Y0 \
	VMINPS Y9, Y1, Y1 \
	VMINPS Y9, Y2, Y2 \
	VMINPS Y9, Y3, Y3 \
	VMINPS Y9, Y4, Y4 \
	VMINPS Y9, Y5, Y5 \
	VMINPS Y9, Y6, Y6 \
	VMINPS Y9, Y7, Y7

// x * min(max(x+3, 0), 6) / 6
#define HSWISH(r) \
	VADDPS r, Y10, Y13 \
	VMAXPS Y8, Y13, Y13 \
	VMINPS Y11, Y13, Y13 \
	VMULPS Y12, Y13, Y13 \
	VMULPS Y13, r, r

#define HSWISH8 \
	VXORPS Y8, Y8, Y8 \
	VBROADCASTSS actconst<>+0(SB), Y10 \
	VBROADCASTSS actconst<>+4(SB), Y11 \
	VBROADCASTSS actconst<>+8(SB), Y12 \
	HSWISH(Y0) \
	HSWISH(Y1) \
	HSWISH(Y2) \
	HSWISH(Y3) \
	HSWISH(Y4) \
	HSWISH(Y5) \
	HSWISH(Y6) \
	HSWISH(Y7)

// ACTIVATE applies activation number act (1 ReLU, 2 ReLU6, 3 hard swish,
// else none) held in the given memory operand, jumping to done after.
#define ACTIVATE(act, lrelu, lrelu6, lhswish, done) \
	CMPQ act, $1 \
	JEQ  lrelu \
	CMPQ act, $2 \
	JEQ  lrelu6 \
	CMPQ act, $3 \
	JEQ  lhswish \
	JMP  done \
lrelu: \
	RELU8 \
	JMP done \
lrelu6: \
	RELU6_8 \
	JMP done \
lhswish: \
	HSWISH8 \
done:

// func gemm8x8(in *float32, ldi, k int, w, bias, out *float32, ldo, rows, act int)
//
// Eight rows at a time, each row's 8 outputs accumulate in one of Y0-Y7.
// Row pairs are addressed as (P) and (P)(stride*1), so four pointers
// (AX, BX, CX, DX) advance along k.
TEXT ·gemm8x8(SB), NOSPLIT, $0-72
	MOVQ in+0(FP), SI
	MOVQ ldi+8(FP), R8
	SHLQ $2, R8
	MOVQ out+40(FP), DI
	MOVQ ldo+48(FP), R10
	SHLQ $2, R10
	MOVQ rows+56(FP), R11
	SHRQ $3, R11
	MOVQ bias+32(FP), AX
	VMOVUPS (AX), Y15

group:
	MOVQ SI, AX
	LEAQ (SI)(R8*2), BX
	LEAQ (BX)(R8*2), CX
	LEAQ (CX)(R8*2), DX
	MOVQ w+24(FP), R12
	MOVQ k+16(FP), R13
	VMOVAPS Y15, Y0
	VMOVAPS Y15, Y1
	VMOVAPS Y15, Y2
	VMOVAPS Y15, Y3
	VMOVAPS Y15, Y4
	VMOVAPS Y15, Y5
	VMOVAPS Y15, Y6
	VMOVAPS Y15, Y7

kloop:
	VMOVUPS      (R12), Y8
	VBROADCASTSS (AX), Y9
	VFMADD231PS  Y8, Y9, Y0
	VBROADCASTSS (AX)(R8*1), Y10
	VFMADD231PS  Y8, Y10, Y1
	VBROADCASTSS (BX), Y11
	VFMADD231PS  Y8, Y11, Y2
	VBROADCASTSS (BX)(R8*1), Y12
	VFMADD231PS  Y8, Y12, Y3
	VBROADCASTSS (CX), Y13
	VFMADD231PS  Y8, Y13, Y4
	VBROADCASTSS (CX)(R8*1), Y14
	VFMADD231PS  Y8, Y14, Y5
	VBROADCASTSS (DX), Y9
	VFMADD231PS  Y8, Y9, Y6
	VBROADCASTSS (DX)(R8*1), Y10
	VFMADD231PS  Y8, Y10, Y7
	ADDQ         $4, AX
	ADDQ         $4, BX
	ADDQ         $4, CX
	ADDQ         $4, DX
	ADDQ         $32, R12
	DECQ         R13
	JNZ          kloop

	MOVQ act+64(FP), R13
	ACTIVATE(R13, grelu, grelu6, ghswish, gstore)

	MOVQ    DI, R13
	VMOVUPS Y0, (R13)
	VMOVUPS Y1, (R13)(R10*1)
	LEAQ    (R13)(R10*2), R13
	VMOVUPS Y2, (R13)
	VMOVUPS Y3, (R13)(R10*1)
	LEAQ    (R13)(R10*2), R13
	VMOVUPS Y4, (R13)
	VMOVUPS Y5, (R13)(R10*1)
	LEAQ    (R13)(R10*2), R13
	VMOVUPS Y6, (R13)
	VMOVUPS Y7, (R13)(R10*1)
	LEAQ    (R13)(R10*2), DI
	LEAQ    (SI)(R8*8), SI
	DECQ    R11
	JNZ     group

	VZEROUPPER
	RET

// func depthwise8(in *float32, pixStep int, taps *int, ntaps int, w *float32, wStep int, bias, out *float32, n, act int)
//
// Eight output pixels of one 8-channel block at a time: Y0-Y7 accumulate
// pixels in+j*pixStep (bytes), tap t reading at byte offset taps[t] with
// weights at w+t*wStep (bytes). Outputs are stored 8 floats apart times the
// channel count, which is wStep/4: out+j*wStep. The input is padded, so
// every tap is in bounds.
TEXT ·depthwise8(SB), NOSPLIT, $0-80
	MOVQ pixStep+8(FP), R8
	MOVQ bias+48(FP), AX
	VMOVUPS (AX), Y15

dgroup:
	MOVQ in+0(FP), AX
	LEAQ (AX)(R8*1), BX
	LEAQ (BX)(R8*1), CX
	LEAQ (CX)(R8*1), DX
	LEAQ (DX)(R8*1), SI
	LEAQ (SI)(R8*1), DI
	LEAQ (DI)(R8*1), R9
	LEAQ (R9)(R8*1), R10
	MOVQ taps+16(FP), R11
	MOVQ w+32(FP), R12
	MOVQ ntaps+24(FP), R13
	VMOVAPS Y15, Y0
	VMOVAPS Y15, Y1
	VMOVAPS Y15, Y2
	VMOVAPS Y15, Y3
	VMOVAPS Y15, Y4
	VMOVAPS Y15, Y5
	VMOVAPS Y15, Y6
	VMOVAPS Y15, Y7

tloop:
	MOVQ        (R11), R14
	VMOVUPS     (R12), Y8
	VFMADD231PS (AX)(R14*1), Y8, Y0
	VFMADD231PS (BX)(R14*1), Y8, Y1
	VFMADD231PS (CX)(R14*1), Y8, Y2
	VFMADD231PS (DX)(R14*1), Y8, Y3
	VFMADD231PS (SI)(R14*1), Y8, Y4
	VFMADD231PS (DI)(R14*1), Y8, Y5
	VFMADD231PS (R9)(R14*1), Y8, Y6
	VFMADD231PS (R10)(R14*1), Y8, Y7
	ADDQ        $8, R11
	ADDQ        wStep+40(FP), R12
	DECQ        R13
	JNZ         tloop

	MOVQ act+72(FP), R13
	ACTIVATE(R13, drelu, drelu6, dhswish, dstore)

	MOVQ    out+56(FP), AX
	MOVQ    wStep+40(FP), BX
	VMOVUPS Y0, (AX)
	ADDQ    BX, AX
	VMOVUPS Y1, (AX)
	ADDQ    BX, AX
	VMOVUPS Y2, (AX)
	ADDQ    BX, AX
	VMOVUPS Y3, (AX)
	ADDQ    BX, AX
	VMOVUPS Y4, (AX)
	ADDQ    BX, AX
	VMOVUPS Y5, (AX)
	ADDQ    BX, AX
	VMOVUPS Y6, (AX)
	ADDQ    BX, AX
	VMOVUPS Y7, (AX)
	ADDQ    BX, AX
	MOVQ    AX, out+56(FP)
	MOVQ    in+0(FP), AX
	LEAQ    (AX)(R8*8), AX
	MOVQ    AX, in+0(FP)
	SUBQ    $8, n+64(FP)
	JNZ     dgroup

	VZEROUPPER
	RET
