// The runtime of the Snowball stemmers in this folder: env.go of
// github.com/blevesearch/snowballstem written again, member for member.
// Go counts in bytes of UTF-8 and this in UTF-16 units; the two agree
// because the stemmers only see words of the Basic Multilingual Plane
// (tokenize.js and token.go leave any other word unstemmed), in which
// one character is one unit here and the tables sort alike.
export class Env {
  constructor(s) {
    this.current = s;
    this.Cursor = 0;
    this.Limit = s.length;
    this.LimitBackward = 0;
    this.Bra = 0;
    this.Ket = s.length;
  }

  ReplaceS(bra, ket, s) {
    const adjustment = s.length - (ket - bra);
    this.current = this.current.slice(0, bra) + s + this.current.slice(ket < bra ? bra : ket);
    this.Limit += adjustment;
    if (this.Cursor >= ket) this.Cursor += adjustment;
    else if (this.Cursor > bra) this.Cursor = bra;
    return adjustment;
  }

  EqS(s) {
    if (this.Cursor >= this.Limit) return false;
    if (!this.current.startsWith(s, this.Cursor)) return false;
    this.Cursor += s.length;
    return true;
  }

  EqSB(s) {
    if (this.Cursor - this.LimitBackward < s.length) return false;
    if (!this.current.startsWith(s, this.Cursor - s.length)) return false;
    this.Cursor -= s.length;
    return true;
  }

  SliceFrom(s) { this.ReplaceS(this.Bra, this.Ket, s); return true; }
  SliceDel() { return this.SliceFrom(""); }
  SliceTo() { return this.current.slice(this.Bra, this.Ket); }

  Insert(bra, ket, s) {
    const adjustment = this.ReplaceS(bra, ket, s);
    if (bra <= this.Bra) this.Bra += adjustment;
    if (bra <= this.Ket) this.Ket += adjustment;
  }

  NextChar() { this.Cursor++; }
  PrevChar() { this.Cursor--; }
  ByteIndexForHop(delta) { return this.Cursor + delta; }

  inSet(chars, min, max) {
    let r = this.current.charCodeAt(this.Cursor);
    if (r > max || r < min) return false;
    r -= min;
    return (chars[r >> 3] & (1 << (r & 7))) !== 0;
  }

  InGrouping(chars, min, max) {
    if (this.Cursor >= this.Limit || !this.inSet(chars, min, max)) return false;
    this.Cursor++;
    return true;
  }

  InGroupingB(chars, min, max) {
    if (this.Cursor <= this.LimitBackward) return false;
    this.Cursor--;
    if (!this.inSet(chars, min, max)) { this.Cursor++; return false; }
    return true;
  }

  OutGrouping(chars, min, max) {
    if (this.Cursor >= this.Limit || this.inSet(chars, min, max)) return false;
    this.Cursor++;
    return true;
  }

  OutGroupingB(chars, min, max) {
    if (this.Cursor <= this.LimitBackward) return false;
    this.Cursor--;
    if (this.inSet(chars, min, max)) { this.Cursor++; return false; }
    return true;
  }

  // FindAmong and FindAmongB search a table of [string, a, b, f] rows,
  // sorted, for the longest that the text at the cursor starts (ends) with.
  FindAmong(amongs, ctx) {
    let i = 0, j = amongs.length, commonI = 0, commonJ = 0, first = false;
    const c = this.Cursor, l = this.Limit;
    for (;;) {
      const k = i + ((j - i) >> 1), w = amongs[k][0];
      let diff = 0, common = Math.min(commonI, commonJ);
      for (let lvar = common; lvar < w.length; lvar++) {
        if (c + common === l) { diff--; break; }
        diff = this.current.charCodeAt(c + common) - w.charCodeAt(lvar);
        if (diff !== 0) break;
        common++;
      }
      if (diff < 0) { j = k; commonJ = common; } else { i = k; commonI = common; }
      if (j - i <= 1) {
        if (i > 0 || j === i || first) break;
        first = true;
      }
    }
    for (;;) {
      const [s, a, b, f] = amongs[i];
      if (commonI >= s.length) {
        this.Cursor = c + s.length;
        if (!f) return b;
        const res = f(this, ctx);
        this.Cursor = c + s.length;
        if (res) return b;
      }
      i = a;
      if (i < 0) return 0;
    }
  }

  FindAmongB(amongs, ctx) {
    let i = 0, j = amongs.length, commonI = 0, commonJ = 0, first = false;
    const c = this.Cursor, lb = this.LimitBackward;
    for (;;) {
      const k = i + ((j - i) >> 1), w = amongs[k][0];
      let diff = 0, common = Math.min(commonI, commonJ);
      for (let lvar = w.length - common - 1; lvar >= 0; lvar--) {
        if (c - common === lb) { diff--; break; }
        diff = this.current.charCodeAt(c - common - 1) - w.charCodeAt(lvar);
        if (diff !== 0) break;
        common++;
      }
      if (diff < 0) { j = k; commonJ = common; } else { i = k; commonI = common; }
      if (j - i <= 1) {
        if (i > 0 || j === i || first) break;
        first = true;
      }
    }
    for (;;) {
      const [s, a, b, f] = amongs[i];
      if (commonI >= s.length) {
        this.Cursor = c - s.length;
        if (!f) return b;
        const res = f(this, ctx);
        this.Cursor = c - s.length;
        if (res) return b;
      }
      i = a;
      if (i < 0) return 0;
    }
  }
}
