"""The form provincial staff use to add or edit a lesson (the view hands its data to a service)."""

from __future__ import annotations

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from lessons.models import Lesson

VIDEO_EXTENSIONS = ["webm", "mp4", "m4v", "ogv"]
IMAGE_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]


class LessonForm(forms.ModelForm):
    video_url = forms.URLField(
        label=Lesson._meta.get_field("video_url").verbose_name,
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Or a link to the video elsewhere (e.g. a provincial channel)."),
    )

    class Meta:
        model = Lesson
        fields = [
            "code",
            "title_vi",
            "title_en",
            "summary_vi",
            "summary_en",
            "skill",
            "skill_en",
            "track",
            "duration_minutes",
            "video",
            "video_url",
            "captions",
            "thumbnail",
        ]
        widgets = {
            "summary_vi": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "video": forms.ClearableFileInput(attrs={"accept": "video/webm,video/mp4,video/ogg"}),
            "captions": forms.ClearableFileInput(attrs={"accept": ".vtt,text/vtt"}),
            "thumbnail": forms.ClearableFileInput(attrs={"accept": "image/*"}),
        }
        help_texts = {
            "code": _("Short and unique, letters, digits and dashes (e.g. vneid-dinh-danh)."),
            "video": _("WebM or MP4. Phones on slow connections play WebM best."),
            "captions": _("Subtitles in WebVTT format (.vtt)."),
        }

    def clean_video(self):
        video = self.cleaned_data.get("video")
        if video and hasattr(video, "content_type"):
            FileExtensionValidator(VIDEO_EXTENSIONS)(video)
        return video

    def clean_thumbnail(self):
        thumbnail = self.cleaned_data.get("thumbnail")
        if thumbnail and hasattr(thumbnail, "content_type"):
            FileExtensionValidator(IMAGE_EXTENSIONS)(thumbnail)
        return thumbnail

    def clean_captions(self):
        captions = self.cleaned_data.get("captions")
        if captions and hasattr(captions, "content_type"):
            FileExtensionValidator(["vtt"])(captions)
            head = captions.read(16)
            captions.seek(0)
            if not head.lstrip(b"\xef\xbb\xbf").startswith(b"WEBVTT"):
                raise forms.ValidationError(
                    _("This is not a WebVTT file: it must begin with the word WEBVTT.")
                )
        return captions

    def service_kwargs(self) -> dict:
        """The cleaned values as the catalogue services take them."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def changes(self) -> dict:
        """Only what the user changed (for ``lesson_update``)."""
        return {name: self.cleaned_data[name] for name in self.changed_data}
