"""Pure text rules of Dutch Kamerbrieven, shared by every stage. No I/O, no models.

- `words`: the one word tokenizer and the heading-number pattern;
- `numbers`: the one number finder and normaliser (Dutch and English notation, scale words);
- `normalise`: glyph clean-up that runs before anything else sees the text (ligatures, soft hyphens);
- `dutch`: month names, dates, abbreviations, stop words, the Snowball stemmer;
- `segment`: sentence splitting; `markers`: footnote markers in running text;
- `hyphenation`: joining lines and undoing line-end hyphenation;
- `spacing`: closing stray spaces inside words ("o nttrekkingen") on the letter's evidence;
- `citations`: parliamentary papers, motions and commitments.
"""
