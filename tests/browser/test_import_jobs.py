"""An import job's page in the Arabic admin: the bar follows the job without reloading."""

import pytest

from members.models import ImportJob
from tests.browser.conftest import save_screenshot
from tests.browser.test_curation import curation, sign_in  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_progress_bar_moves_without_reloading_then_the_page_shows_the_preview(
        page, curation, networks):  # noqa: F811
    job = ImportJob.objects.create(
        owner=curation["curator"], network=networks["wasl"], resource="organisations",
        file_name="كبير.csv", content=b"-", language="ar", state="previewing",
        total=2000, processed=500)
    sign_in(page, curation)

    page.goto(page.base_url + f"/admin/members/organisation/import/jobs/{job.pk}/")
    bar = page.locator("progress")
    assert bar.evaluate("e => e.value") == 500
    count = page.locator("#import-job-count").inner_text()
    page.evaluate("() => { window.notReloaded = true; }")

    ImportJob.objects.filter(pk=job.pk).update(processed=1500)
    page.wait_for_function("() => document.querySelector('progress').value === 1500",
                           timeout=10_000)
    assert page.evaluate("() => window.notReloaded") is True
    assert page.locator("#import-job-count").inner_text() != count
    save_screenshot(page, "admin-import-job-progress-ar")

    ImportJob.objects.filter(pk=job.pk).update(
        state="awaiting", processed=2000, new=2000,
        outcomes=[{"row": n + 2, "outcome": "new", "name": f"منظمة رقم {n}"}
                  for n in range(2000)])
    page.wait_for_function("() => !window.notReloaded && !document.querySelector('progress')",
                           timeout=10_000)
    assert page.locator("input[name='confirm']").count() == 1
    assert page.get_by_text("منظمة رقم 99", exact=True).count() == 1
    assert page.console_errors == []
    save_screenshot(page, "admin-import-job-preview-ar")


@pytest.mark.no_javascript
def test_without_javascript_the_page_refreshes_itself(page, curation, networks):  # noqa: F811
    job = ImportJob.objects.create(
        owner=curation["curator"], network=networks["wasl"], resource="organisations",
        file_name="big.csv", content=b"-", language="ar", state="previewing",
        total=2000, processed=500)
    sign_in(page, curation)
    page.goto(page.base_url + f"/admin/members/organisation/import/jobs/{job.pk}/")
    assert page.locator("progress").get_attribute("value") == "500"
    ImportJob.objects.filter(pk=job.pk).update(processed=1500)

    with page.expect_navigation(timeout=6000):
        pass  # the <meta> refresh, after 3 seconds

    assert page.locator("progress").get_attribute("value") == "1500"
