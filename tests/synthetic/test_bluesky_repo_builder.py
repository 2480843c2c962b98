"""The synthetic Bluesky repository is the real format: the MST matches the atproto interop
vectors, and the CAR decodes with the atproto package's reader."""

from datetime import datetime, timezone

import libipld
import pytest
from atproto_core.car import CAR

from unspool.synthetic.bluesky_repo import RepoBuilder, rich, tid

CID1 = libipld.decode_multibase("bafyreie5cvv4h45feadgeuwhbcutmh6t2ceseocckahdoe6uat64zmz454")[1]
KEYS = "com.example.record/3jqfcqzm{}2j"


@pytest.mark.parametrize(
    "suffixes, root",
    [
        ([], "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm"),
        (["3fo"], "bafyreibj4lsc3aqnrvphp5xmrnfoorvru4wynt6lwidqbm2623a6tatzdu"),
        (["3fx"], "bafyreih7wfei65pxzhauoibu3ls7jgmkju4bspy4t2ha2qdjnzqvoy33ai"),  # a layer-2 key: empty nodes below
        (["3fp", "3fr", "3fs", "3ft", "4fc"], "bafyreicmahysq4n6wfuxo522m6dpiy7z7qzym3dzs756t5n7nfdgccwq7m"),
        (["3fo", "3fp", "3fr", "3fs", "3ft", "3fx", "3fz", "4fc", "4fd", "4ff", "4fg", "4fh"], "bafyreid2x5eqs4w4qxvc5jiwda4cien3gw2q6cshofxwnvv7iucrmfohpm"),
        (["3ft", "3fx", "3fz", "4fd"], "bafyreig4jv3vuajbsybhyvb7gggvpwh2zszwfyttjrj6qwvcsp24h6popu"),
    ],
)
def test_mst_matches_the_interop_vectors(suffixes, root):
    keys = sorted(KEYS.format(suffix) for suffix in suffixes)
    out = []
    assert libipld.encode_cid(RepoBuilder()._mst([(key, CID1, b"") for key in keys], out)) == root


def test_car_decodes_with_the_atproto_reader():
    builder = RepoBuilder()
    moment = datetime(2025, 3, 1, 12, tzinfo=timezone.utc)
    uri = builder.post(rich("hi ", ("tag", "#tag", "tag")), at=moment, embed=builder.images((b"\x89PNG fake", "alt text", (4, 3))))
    car = CAR.from_bytes(builder.car_bytes())
    commit = car.blocks[car.root]
    assert commit["did"] == builder.did and commit["version"] == 3 and commit["prev"] is None
    assert uri.endswith(tid(moment, 1))
    records = [block for block in car.blocks.values() if block.get("$type") == "app.bsky.feed.post"]
    assert len(records) == 1
    image = records[0]["embed"]["images"][0]["image"]
    assert image["$type"] == "blob" and libipld.encode_cid(image["ref"]).startswith("bafkrei")
