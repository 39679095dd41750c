#!/usr/bin/env python3
"""Adds English <target>s to xliff/en.xlf from a JSON object {id: text} on stdin.
Only fills units that exist; leaves existing targets unless --force."""
import json, re, sys, html
path = 'xliff/en.xlf'
force = '--force' in sys.argv
targets = json.load(sys.stdin)
s = open(path, encoding='utf-8').read()
def repl(m):
    uid, body = m.group(1), m.group(2)
    if uid not in targets or ('<target>' in body and not force):
        return m.group(0)
    body = re.sub(r'\s*<target>.*?</target>', '', body, flags=re.S)
    t = targets[uid]
    # keep <x .../> placeholders given verbatim in the text
    parts = re.split(r'(<x [^>]*/>)', t)
    t = ''.join(p if p.startswith('<x ') else html.escape(p, quote=False) for p in parts)
    body = re.sub(r'(</source>)', r'\1\n  <target>' + t.replace('\\', r'\\') + '</target>', body, count=1)
    return f'<trans-unit id="{uid}">{body}</trans-unit>'
s2 = re.sub(r'<trans-unit id="([^"]+)">(.*?)</trans-unit>', repl, s, flags=re.S)
open(path, 'w', encoding='utf-8').write(s2)
missing = [u for u in re.findall(r'<trans-unit id="([^"]+)">', s2) if not re.search(r'<trans-unit id="' + re.escape(u) + r'">(?:(?!</trans-unit>).)*<target>', s2, flags=re.S)]
print('still missing:', ', '.join(missing) if missing else 'none')
