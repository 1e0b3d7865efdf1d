#!/usr/bin/env python3
"""After `lupdate`: accept the translations lupdate's same-text heuristic carried over to strings
that moved to another class (same English text, same meaning), fill new ones from a table given
on the command line as SOURCE=TRANSLATION pairs, drop vanished entries, and list what is still
untranslated (exit 1 if anything is)."""
import re
import sys
import xml.etree.ElementTree as ET

path = sys.argv[1]
given = dict(arg.split("=", 1) for arg in sys.argv[2:])
tree = ET.parse(path)
missing = []
for context in tree.getroot().iter("context"):
    for message in list(context.iter("message")):
        translation = message.find("translation")
        kind = translation.get("type")
        if kind in ("vanished", "obsolete"):
            context.remove(message)
            continue
        source = message.find("source").text
        if kind == "unfinished":
            if source in given:
                if message.get("numerus") == "yes":  # Chinese has one plural form
                    translation.text = None
                    for form in list(translation):
                        translation.remove(form)
                    form = ET.SubElement(translation, "numerusform")
                    form.text = given[source]
                    translation.text, form.tail = "\n            ", "\n        "
                else:
                    translation.text = given[source]
            if translation.text or len(translation):
                del translation.attrib["type"]
            else:
                missing.append(f"{context.find('name').text}: {source}")
tree.write(path, encoding="utf-8", xml_declaration=True)
# ElementTree drops the DOCTYPE lupdate wants; put it back.
text = open(path, encoding="utf-8").read()
text = re.sub(r"^<\?xml[^>]*\?>\n?", '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n', text)
open(path, "w", encoding="utf-8").write(text + ("" if text.endswith("\n") else "\n"))
for m in missing:
    print("untranslated:", m)
sys.exit(1 if missing else 0)
