"""Lists every skipped test in the given .trx files (one per test project), with its reason: 'Skipped (N):' then a line
each. Prints nothing when no test was skipped."""
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
skipped = []
for path in sys.argv[1:]:
    for result in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", NS):
        if result.get("outcome") != "NotExecuted":
            continue
        reason = (result.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=NS)
                  or result.findtext("t:Output/t:StdOut", default="", namespaces=NS)).strip()
        skipped.append((result.get("testName", "?"), " ".join(reason.split()) or "(no reason given)"))
if skipped:
    print(f"Skipped ({len(skipped)}):")
    for name, reason in sorted(skipped):
        print(f"  - {name}: {reason}")
