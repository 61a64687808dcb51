"""The tests' signer against the signature test vector of the Slack SDK's own tests (Slack's documented
example), so a request the tests sign is one Slack itself would have signed."""

from __future__ import annotations

from slack_sdk.signature import SignatureVerifier

from tests.support.fake_slack import sign

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TIMESTAMP = "1531420618"
BODY = (
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar"
    "&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com"
    "%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121."
    "803a0bc887a14d10d2c447fce8b6703c"
)
SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"


def test_the_signer_reproduces_slacks_own_test_vector() -> None:
    assert sign(SECRET, TIMESTAMP, BODY) == SIGNATURE


def test_the_sdk_verifier_accepts_what_the_signer_signs_and_refuses_a_changed_body() -> None:
    verifier = SignatureVerifier(SECRET, clock=type("Clock", (), {"now": lambda self: float(TIMESTAMP) + 10})())
    assert verifier.is_valid(BODY, TIMESTAMP, sign(SECRET, TIMESTAMP, BODY))
    assert not verifier.is_valid(BODY.replace("roadrunner", "coyote"), TIMESTAMP, sign(SECRET, TIMESTAMP, BODY))
