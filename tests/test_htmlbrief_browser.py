"""The HTML briefing in a real headless browser (Debian's chromium + chromium-driver via
Selenium): hover a heatmap cell and a stance cell and read the quote, filter, search,
use the keyboard; hostile texts stay text and no script of theirs runs.

Skipped where selenium, chromium or chromedriver is missing (``.ci/run`` installs them).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _htmlbrief_data import CDATA, IMG, JS_URL, LSEP, SCRIPT_END, hostile

import posmatrix

webdriver = pytest.importorskip("selenium.webdriver")

from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None or DRIVER is None:
        pytest.skip("no chromium/chromedriver installed (Debian: apt-get install chromium-driver)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1366,900"):
        options.add_argument(arg)
    options.binary_location = CHROMIUM
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def open_page(driver: Any, tmp_path: Path, ds: posmatrix.Dataset) -> None:
    path = tmp_path / "briefing.html"
    posmatrix.write_briefing(ds, path)
    driver.get(path.as_uri())
    driver.get_log("browser")  # start from a clean log: each test reads its own


def problems(driver: Any) -> list[str]:
    """Console messages of level WARNING or worse (CSP violations, script errors)."""
    return [e["message"] for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]


def no_alert(driver: Any) -> bool:
    try:
        _ = driver.switch_to.alert
    except NoAlertPresentException:
        return True
    return False


def tip(driver: Any) -> Any:
    return driver.find_element(By.ID, "tip")


def hover(driver: Any, element: Any) -> None:
    ActionChains(driver).move_to_element(element).perform()


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def example_quotes() -> dict[tuple[str, str], list[str]]:
    ds = posmatrix.example()
    out: dict[tuple[str, str], list[str]] = {}
    for c in ds.codings:
        label = c.source if c.holder == "author" else f"{c.source}/{c.holder}"
        out.setdefault((label, c.issue), []).append(flat(c.quote))
    return out


def test_example_hover_filter_search_keys(
    browser: Any, tmp_path: Path, example_quotes: dict[tuple[str, str], list[str]]
) -> None:
    ds = posmatrix.example()
    open_page(browser, tmp_path, ds)
    data = json.loads(browser.find_element(By.ID, "pm-data").get_attribute("textContent"))
    voices = [v[0] for v in data["voices"]]
    issues = [i[0] for i in data["issues"]]
    assert tip(browser).is_displayed() is False

    # a heatmap cell of two voices that share issues: both names, the score, a quote
    stances = data["stances"]
    a, b = next(
        (a, b)
        for a in range(len(voices))
        for b in range(len(voices))
        if a != b and {c[0] for c in stances[a]} & {c[0] for c in stances[b]}
    )
    cell = browser.find_element(By.CSS_SELECTOR, f'#heat rect[x="{b}"][y="{a}"]')
    hover(browser, cell)
    box = tip(browser)
    assert box.is_displayed()
    # voices by their readable names (ids in the tooltip's secondary line elsewhere)
    names = [v[4] for v in data["voices"]]
    assert box.find_element(By.TAG_NAME, "h3").text == f"{names[a]} × {names[b]}"
    score = data["agreement"][a * len(voices) + b]
    assert f"Agreement {round(score * 100)}%" in box.text
    first = box.find_element(By.CSS_SELECTOR, "li q").text.rstrip("…")
    shared = {c[0] for c in stances[a]} & {c[0] for c in stances[b]}
    assert any(
        first in q
        for i in shared
        for v in (voices[a], voices[b])
        for q in example_quotes.get((v, issues[i]), [])
    )

    # a stance cell: the voice, the issue's proposition and the coding's own quote
    td = browser.find_element(By.CSS_SELECTOR, "#stance-table td.s")
    hover(browser, td)
    row = td.find_element(By.XPATH, "..")
    voice = voices[int(row.get_attribute("data-v"))]
    issue = issues[int(td.get_attribute("cellIndex")) - 2]
    assert voice in box.text
    assert ds.issues[issue].proposition in box.text
    shown = box.find_element(By.CSS_SELECTOR, "ul q").text
    assert shown.rstrip("…") in example_quotes[(voice, issue)][0]
    assert len(shown) > 20

    # filter: hide the Russian government's voices and the "territory" issue group
    russia = 1 + list(ds.actors).index("russia")
    browser.find_element(
        By.CSS_SELECTOR, f'#filters input[data-filter="h"][value="{russia}"]'
    ).click()
    n_russia = sum(1 for v in voices if v.endswith("/russia"))
    assert n_russia > 0
    state = browser.find_element(By.ID, "filter-state").text
    assert state.startswith(f"Showing {len(voices) - n_russia} of {len(voices)} voices")
    hidden = browser.find_elements(By.CSS_SELECTOR, f"#stance-table tr.h{russia}")
    assert hidden
    assert not any(r.is_displayed() for r in hidden)
    row_of_russia = next(k for k, v in enumerate(voices) if v.endswith("/russia"))
    dimmed = browser.find_elements(By.CSS_SELECTOR, f'#heat rect[y="{row_of_russia}"]')
    assert len(dimmed) == len(voices)
    assert all("off" in r.get_attribute("class") for r in dimmed)
    group = data["groups"].index("territory")
    browser.find_element(
        By.CSS_SELECTOR, f'#filters input[data-filter="g"][value="{group}"]'
    ).click()
    cols = browser.find_elements(By.CSS_SELECTOR, f"#stance-table th.g{group}")
    assert cols
    assert not any(c.is_displayed() for c in cols)

    # the quote search: matches are marked; hidden holders stay out
    search = browser.find_element(By.ID, "q-search")
    search.send_keys("ceasefire")
    browser.implicitly_wait(0)
    import time

    time.sleep(0.4)
    results = browser.find_elements(By.CSS_SELECTOR, "#q-results li")
    assert results
    assert all("ceasefire" in r.text.lower() for r in results)
    assert not any(r.text.split(" ")[0].endswith("/russia") for r in results)
    assert browser.find_elements(By.CSS_SELECTOR, "#q-results mark")

    # keyboard: focus a stance cell, Enter pins the quote, Escape closes it
    first_cell = browser.find_element(By.CSS_SELECTOR, "#stance-table tr:not(.h1) td.s")
    browser.execute_script("arguments[0].focus()", first_cell)
    first_cell.send_keys(Keys.ENTER)
    assert box.is_displayed()
    assert box.find_elements(By.CSS_SELECTOR, "button.close")
    first_cell.send_keys(Keys.ARROW_RIGHT)
    assert browser.switch_to.active_element.get_attribute("class").startswith("g")
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert not box.is_displayed()

    # sorting: the contested-issues table by Voices, descending after two clicks
    button = browser.find_element(
        By.XPATH, "//table[contains(@class,'issues')]//button[.='Voices']"
    )
    button.click()
    button.click()
    column = browser.find_elements(By.CSS_SELECTOR, "table.issues tbody tr td:nth-child(5)")
    counts = [int(c.get_attribute("textContent")) for c in column]
    assert counts == sorted(counts, reverse=True)

    assert problems(browser) == []
    assert no_alert(browser)


def test_hostile_texts_stay_text(browser: Any, tmp_path: Path) -> None:
    ds = hostile()
    open_page(browser, tmp_path, ds)
    assert no_alert(browser)
    assert browser.find_element(By.TAG_NAME, "h1").text == ds.title
    assert browser.execute_script("return document.title") == f"{ds.title} — briefing"
    # no element or handler came from the data: the only scripts are the page's two
    assert len(browser.find_elements(By.TAG_NAME, "script")) == 2
    assert browser.find_elements(By.CSS_SELECTOR, "img") == []
    assert browser.find_elements(By.CSS_SELECTOR, "[onerror],[onload]") == []
    # javascript: URLs are shown, not linked; the https one is a link
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "a[href]")]
    assert "https://example.org/a?b=1&c=2" in links
    assert not [h for h in links if not h.startswith(("https:", "http:", "mailto:", "file:"))]
    assert JS_URL in browser.find_element(By.ID, "codebook").text
    # the quotes show literally in the stance tooltips
    seen = []
    for td in browser.find_elements(By.CSS_SELECTOR, "#stance-table td.s"):
        hover(browser, td)
        seen.append(tip(browser).find_element(By.CSS_SELECTOR, "ul q").text)
    assert SCRIPT_END in seen
    assert IMG in seen
    assert f"evil says {CDATA}" in seen
    assert " ".join(LSEP.split()) in seen  # one line: the separators are whitespace
    # the codebook shows the proposition and the group as text
    book = browser.find_element(By.ID, "codebook").text
    assert f"Alpha {SCRIPT_END}" in book
    assert IMG in book
    assert CDATA in book
    assert problems(browser) == []
    assert no_alert(browser)


def test_large_view_blocks_hover_and_keys(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import posmatrix.findings

    monkeypatch.setattr(posmatrix.findings, "LARGE_VOICES", 10)  # the 25 voices are "many"
    f = posmatrix.Findings(posmatrix.example())
    path = tmp_path / "large.html"
    path.write_text(posmatrix.html_briefing(f), encoding="utf-8")
    browser.get(path.as_uri())
    browser.get_log("browser")
    sizes = list(f.camps.sizes)
    hover(browser, browser.find_element(By.CSS_SELECTOR, '#heat rect[data-a="0"][data-b="1"]'))
    box = tip(browser)
    assert box.find_element(By.TAG_NAME, "h3").text == "Camp 1 × camp 2"
    assert f"between {sizes[0]} and {sizes[1]} voices" in box.text
    # keyboard: the cursor starts at (0, 1); Down moves to (1, 1), Enter pins
    heat = browser.find_element(By.ID, "heat")
    browser.execute_script("arguments[0].focus()", heat)
    heat.send_keys(Keys.ARROW_DOWN)
    assert box.find_element(By.TAG_NAME, "h3").text == "Camp 2 × camp 2"
    heat.send_keys(Keys.ENTER)
    assert box.find_elements(By.CSS_SELECTOR, "button.close")
    heat.send_keys(Keys.ESCAPE)
    assert not box.is_displayed()
    assert problems(browser) == []


def test_codebook_without_codings_opens_cleanly(browser: Any, tmp_path: Path) -> None:
    import attrs

    open_page(browser, tmp_path, attrs.evolve(hostile(), codings=()))
    assert browser.find_element(By.ID, "codebook").is_displayed()
    assert browser.find_elements(By.ID, "heat") == []
    assert problems(browser) == []


def test_open_a_clash_pair_and_sort_the_ranking(
    browser: Any, tmp_path: Path, example_quotes: dict[tuple[str, str], list[str]]
) -> None:
    ds = posmatrix.example()
    open_page(browser, tmp_path, ds)
    top = posmatrix.Findings(ds).report.clashes
    assert top is not None
    first = top.pairs.iloc[0]
    pair = browser.find_element(By.CSS_SELECTOR, "#clashes details.clash")
    quotes = pair.find_elements(By.TAG_NAME, "q")
    assert all(not q.is_displayed() for q in quotes)  # closed until opened
    summary = pair.find_element(By.TAG_NAME, "summary")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", summary)
    summary.click()
    assert pair.get_attribute("open") is not None
    # both voices' quotes of the first clash show, under the voices' names
    shown = [flat(q.text).rstrip("…") for q in pair.find_elements(By.TAG_NAME, "q")]
    issue = str(top.detail.iloc[0]["issue"])
    assert len(shown) >= 2
    assert any(shown[0] in q for q in example_quotes[(str(first["voice_a"]), issue)])
    assert any(shown[1] in q for q in example_quotes[(str(first["voice_b"]), issue)])
    assert f"clash on {int(first['clashes'])} of {int(first['shared'])}" in summary.text
    # sort the ranking by share: one direction or the other
    table = browser.find_element(By.CSS_SELECTOR, "#clashes table.clashes")
    button = table.find_elements(By.CSS_SELECTOR, "th button.sort")[4]
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    cells = table.find_elements(By.CSS_SELECTOR, "tbody tr td:nth-child(5)")
    values = [float(c.get_attribute("data-sort")) for c in cells]
    assert values in (sorted(values), sorted(values, reverse=True))
    # unsorted before: ranked by clashes (4 of 4 100%, …, 3 of 6 50%, 2 of 2 100%)
    assert problems(browser) == []
