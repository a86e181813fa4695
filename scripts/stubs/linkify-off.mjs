// Stands in for linkify-it in the extension bundle. markdown-it constructs a LinkifyIt on every instance
// but consults it only with the `linkify` option on, which the runbook reader never sets; the real one is
// 11 KB of the 400 KB activation budget. A call here means someone turned linkify on: fail loudly.
export class LinkifyIt {
  test() {
    throw new Error('linkify-it is not bundled: markdown-it was configured with linkify, which the extension does not use');
  }
  pretest() {
    return this.test();
  }
  match() {
    return this.test();
  }
  matchAtStart() {
    return this.test();
  }
  set() {
    return this;
  }
  add() {
    return this;
  }
  tlds() {
    return this;
  }
}
