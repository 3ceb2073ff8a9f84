"""Escalation letters: the facts computed from the log, templates that hold only prose, and a
sandboxed renderer.

`facts.build` turns a case's timeline into everything a letter needs (dates written out, the
account number masked, promises with their fate); `render.render_letter` fills a template in a
Jinja2 sandbox; `pdf.letter_pdf` lays the text out on A4. Jinja2 and fpdf2 are imported only here,
and only when a letter is written.
"""
