package dataset

// crc32Combine is the CRC-32 (IEEE) of a+b from crc1, that of a, crc2,
// that of b, and the length of b, as zlib's crc32_combine computes it
// since version 1.2.12: crc1 times x to the power of b's length in bits,
// modulo the polynomial, added to crc2. The power is made of the powers
// x^(2^k) in x2n, one multiplication for each bit set in the length,
// where zlib's older way squared a 32-by-32 matrix for every bit: a
// build combines the CRC of each transcript's part.
func crc32Combine(crc1, crc2 uint32, len2 int64) uint32 {
	if len2 <= 0 {
		return crc1 ^ crc2
	}
	return multModP(x2nModP(len2, 3), crc1) ^ crc2
}

// poly is the CRC-32 polynomial, reflected: bit 31 stands for x^0.
const poly = 0xedb88320

// multModP is a times b modulo the polynomial, both reflected.
func multModP(a, b uint32) uint32 {
	var p uint32
	for m := uint32(1) << 31; ; m >>= 1 {
		if a&m != 0 {
			p ^= b
			if a&(m-1) == 0 {
				return p
			}
		}
		if b&1 != 0 {
			b = b>>1 ^ poly
		} else {
			b >>= 1
		}
	}
}

// x2nModP is x^(n * 2^k) modulo the polynomial.
func x2nModP(n int64, k uint) uint32 {
	p := uint32(1) << 31 // x^0
	for ; n != 0; n, k = n>>1, k+1 {
		if n&1 != 0 {
			p = multModP(x2n[k&31], p)
		}
	}
	return p
}

// x2n holds x^(2^k) modulo the polynomial, for k from 0 to 31.
var x2n = func() (t [32]uint32) {
	p := uint32(1) << 30 // x^1
	t[0] = p
	for k := 1; k < 32; k++ {
		p = multModP(p, p)
		t[k] = p
	}
	return t
}()
