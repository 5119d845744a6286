from tests.alerts.articles import *
from tests.alerts.conftest import Harness

async def test_peek(harness: Harness) -> None:
    await harness.say("/subscribe Ukraine AND (talks OR negotiations) NOT sport", user="alice")
    await harness.say("/subscribe who:Witkoff", user="alice")
    await harness.say("/subscribe Brazil", user="alice")
    await harness.say("/subscribe here Trump", user="carol")
    for a in (CALL_REUTERS, CALL_AP, CALL_BBC, FOOTBALL):
        await harness.add(a)
    await harness.work()
    print(harness.output())
    print((await harness.say("/why 1", user="alice")).plain_text())
    print((await harness.say("/why 4", user="alice")).plain_text())
    print((await harness.say("/subscriptions", user="alice")).plain_text())
    print((await harness.say("/digest now", user="alice")).plain_text())
    print((await harness.say("/subscribe who:Witkoff", user="bob")).plain_text())
