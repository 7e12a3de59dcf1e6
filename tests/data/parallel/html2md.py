"""Turn a DocBook-generated HTML chapter into simple Markdown blocks (headings, paragraphs, list items)."""
import re
import sys
from html.parser import HTMLParser


class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []  # (kind, text)
        self.cur = None
        self.lists = []
        self.skip = 0
        self.inbody = False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("pre", "script", "style", "table") or (tag == "div" and a.get("class") in ("navheader", "navfooter", "toc")):
            self.skip += 1; self.skiptag = tag; self.skipstack = [*getattr(self, "skipstack", []), tag]; return
        if self.skip:
            if tag == getattr(self,"skipstack",[None])[-1]: self.skipstack.append(tag); self.skip += 1
            return
        if tag in ("h1","h2","h3","h4"):
            self.flush(); self.cur = ["h" + tag[1], []]
        elif tag == "p":
            if self.cur and self.cur[0] == "li" and not self.cur[1]:
                return
            self.flush(); self.cur = ["p", []]
        elif tag in ("ul","ol"):
            self.flush(); self.lists.append([tag, 0])
        elif tag == "li":
            self.flush(); self.lists[-1][1] += 1; self.cur = ["li", [], self.lists[-1][0], self.lists[-1][1]]
    def handle_endtag(self, tag):
        if self.skip:
            if self.skipstack and tag == self.skipstack[-1]:
                self.skipstack.pop(); self.skip -= 1
            return
        if tag in ("h1","h2","h3","h4","p","li"):
            self.flush()
        elif tag in ("ul","ol"):
            self.flush(); self.lists.pop()
    def handle_data(self, data):
        if self.skip or self.cur is None: return
        self.cur[1].append(data)
    def flush(self):
        if self.cur is None: return
        text = re.sub(r"\s+", " ", "".join(self.cur[1])).strip()
        if text:
            self.blocks.append((self.cur[0], text, *self.cur[2:]))
        self.cur = None

p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read()); p.flush()
out = []
for b in p.blocks:
    kind, text = b[0], b[1]
    text = text.replace("*", "\\*").replace("_", "\\_")
    if kind.startswith("h"):
        out.append("#" * (int(kind[1]) - 0) + " " + text)
    elif kind == "li":
        out.append(("%d. " % b[3] if b[2] == "ol" else "- ") + text)
    else:
        out.append(text)
print("\n\n".join(out))
