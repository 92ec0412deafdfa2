from django.contrib import admin

from .models import Hamlet, Province, Ward


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["name", "code"]


@admin.register(Ward)
class WardAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "ward_type", "province"]
    list_filter = ["ward_type", "province"]
    search_fields = ["name", "code"]


@admin.register(Hamlet)
class HamletAdmin(admin.ModelAdmin):
    list_display = ["name", "hamlet_type", "ward"]
    list_filter = ["hamlet_type"]
    search_fields = ["name", "ward__name"]
