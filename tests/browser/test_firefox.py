"""KG-5 in Firefox. Playwright drives only its own patched Firefox (not downloadable here); with
Debian's firefox-esr it starts the browser over WebDriver BiDi (channel "moz-firefox") but cannot open a
context (the ESR lacks `emulation.setMediaFeaturesOverride`). So Firefox is checked by Firefox itself:
headless firefox-esr renders the public pages (no login, no installation) to a picture, and the picture
shows the page with the portal's stylesheet applied."""

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image

from tests.district.conftest import dep as _dep

pytestmark = pytest.mark.browser

FIREFOX = shutil.which("firefox-esr") or shutil.which("firefox")
dep = _dep
PRIMARY_BLUE = (13, 110, 253)  # Bootstrap's bg-primary of the navbar: the CSS was loaded and applied


def firefox_screenshot(url, width=1280, height=900):
    with tempfile.TemporaryDirectory() as profile:
        shot = Path(profile) / "page.png"
        subprocess.run(
            [
                FIREFOX,
                "--headless",
                "--no-remote",
                "--profile",
                profile,
                "--window-size",
                f"{width},{height}",
                "--screenshot",
                str(shot),
                url,
            ],
            check=True,
            timeout=120,
            capture_output=True,
        )
        return Image.open(shot).convert("RGB")


@pytest.mark.skipif(FIREFOX is None, reason="firefox-esr is not installed (apt-get install firefox-esr)")
@pytest.mark.parametrize("path", ["", "documents/", "forum/", "feedback/"])
def test_firefox_renders_the_departments_public_pages(live_server, transactional_db, cast, dep, path):
    """covers KG-5 DEP-1"""
    image = firefox_screenshot(f"{live_server.url}/district/{cast.district.pk}/{path}")
    top = image.crop((0, 0, image.width, 40))
    assert PRIMARY_BLUE in {pixel for pixel in top.get_flattened_data()}, "the navbar is not styled"
    colours = image.getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 50, "the page looks empty"
