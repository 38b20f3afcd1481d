/**
 * The shape of a token, as spaCy writes it: upper-case letters become `X`, lower-case `x`,
 * digits `d`, other characters stay; runs of one kind longer than 4 are cut to 4.
 * `Python` → `Xxxxx`, `2.7.1` → `d.d.d`, `HTTP/2` → `XXXX/d`.
 */
export function tokenShape(token: string): string {
  let shape = '';
  let last = '';
  let run = 0;
  for (const ch of token) {
    let c: string;
    if (ch >= '0' && ch <= '9') c = 'd';
    else if (ch.toLowerCase() !== ch) c = 'X';
    else if (ch.toUpperCase() !== ch) c = 'x';
    else c = ch;
    run = c === last ? run + 1 : 1;
    last = c;
    if (run <= 4) shape += c;
  }
  return shape;
}
