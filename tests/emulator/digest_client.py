"""A third-party Digest client against the emulator: Python requests' HTTPDigestAuth creates a key.
Usage: digest_client.py <base url> <public key> <private key> <project id>
Prints one JSON line: the status of each response in order and the final body."""
import json
import sys

import requests
from requests.auth import HTTPDigestAuth

base, public, private, project = sys.argv[1:5]
media = "application/vnd.atlas.2023-01-01+json"
r = requests.post(
    f"{base}/api/atlas/v2/groups/{project}/apiKeys",
    auth=HTTPDigestAuth(public, private),
    headers={"Accept": media, "Content-Type": media},
    data=json.dumps({"desc": "from python requests", "roles": ["GROUP_READ_ONLY"]}),
    timeout=30,
)
print(json.dumps({
    "statuses": [h.status_code for h in r.history] + [r.status_code],
    "challenge": (r.history[0].headers.get("WWW-Authenticate") if r.history else None),
    "body": r.json() if r.content else None,
}))
