"""A mentor on a phone opens the catalogue and plays a lesson video: the player learns its
duration, plays, seeks (which needs the range requests) and loads the Vietnamese captions."""

from __future__ import annotations

import pytest

from lessons.models import Lesson
from lessons.services.catalogue import curriculum_load
from lessons.services.videos import lesson_video_generate

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LOAD_METADATA = """async (video) => {
    video.muted = true;
    if (video.readyState < 1) {
        await new Promise((resolve, reject) => {
            video.addEventListener("loadedmetadata", resolve, {once: true});
            video.addEventListener("error", () => reject(new Error("media error " +
                (video.error && video.error.code))), {once: true});
            video.preload = "metadata";
            video.load();
        });
    }
    const seekableEnd = video.seekable.length ? video.seekable.end(0) : 0;
    return {duration: video.duration, seekableEnd: seekableEnd};
}"""

SEEK = """async ([video, target]) => {
    await new Promise((resolve) => {
        video.addEventListener("seeked", resolve, {once: true});
        video.currentTime = target;
    });
    return video.currentTime;
}"""


def test_mentor_plays_and_seeks_a_lesson_video(
    page, live_server, sign_in_browser, mentor_user, settings, tmp_path, artifacts_dir
):
    settings.MEDIA_ROOT = tmp_path / "media"
    curriculum_load()
    lesson = Lesson.objects.get(code="phong-lua-dao")
    lesson_video_generate(lesson=lesson)
    sign_in_browser(page, mentor_user)

    video_responses = []
    page.on(
        "response",
        lambda r: video_responses.append(r) if r.url.endswith(f"/{lesson.pk}/video/") else None,
    )
    page.goto("/lessons/")
    video = page.get_by_test_id("video-phong-lua-dao")
    video.scroll_into_view_if_needed()
    handle = video.element_handle()

    metadata = page.evaluate(LOAD_METADATA, handle)
    assert metadata["duration"] > 1
    assert metadata["seekableEnd"] > 1
    # The player asked for byte ranges and got them (what lets it seek a 30-minute video).
    assert video_responses and {r.status for r in video_responses} == {206}
    assert video_responses[0].headers["accept-ranges"] == "bytes"

    page.evaluate("(video) => video.play()", handle)
    page.wait_for_function("(video) => video.currentTime > 0.2 && !video.paused", arg=handle)

    target = round(metadata["duration"] - 1.0, 1)
    position = page.evaluate(SEEK, [handle, target])
    assert position == pytest.approx(target, abs=0.5)

    page.evaluate("(video) => { video.textTracks[0].mode = 'showing'; }", handle)
    page.wait_for_function(
        "(video) => video.textTracks[0].cues && video.textTracks[0].cues.length > 1", arg=handle
    )
    first_cue = page.evaluate("(video) => video.textTracks[0].cues[0].text", handle)
    assert first_cue.startswith("Bài học:")

    # Mobile-first: the page fits a 360 px phone and the lesson titles are readable.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    title_size = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.lesson-title')).fontSize)"
    )
    assert title_size >= 16
    page.screenshot(path=str(artifacts_dir / "lesson-video.png"), full_page=False)


def test_staff_reorder_and_retire_lessons_on_a_tablet(
    tablet_page, live_server, sign_in_browser, provincial_user, artifacts_dir
):
    page = tablet_page
    curriculum_load()
    sign_in_browser(page, provincial_user)
    page.goto("/lessons/manage/")
    first = page.get_by_test_id("manage-vneid-dinh-danh")
    down = first.get_by_role("button", name="Đưa “Cài đặt VNeID", exact=False).last
    assert down.get_attribute("value") == "down"
    assert down.bounding_box()["height"] >= 44 and down.bounding_box()["width"] >= 44
    down.click()
    page.wait_for_load_state()
    core = list(Lesson.objects.core().values_list("code", flat=True))
    assert core[:2] == ["dich-vu-cong", "vneid-dinh-danh"]

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("manage-chu-ky-so").get_by_role("button", name="Ngừng dạy").click()
    page.get_by_test_id("retired-chu-ky-so").wait_for()
    assert not Lesson.objects.get(code="chu-ky-so").is_active
    page.screenshot(path=str(artifacts_dir / "lesson-manage-tablet.png"), full_page=False)
