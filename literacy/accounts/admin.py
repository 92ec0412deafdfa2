from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User

# The admin's own login form would skip allauth's rate limits and the second step: send it to
# allauth's sign-in instead (superusers then also pass MfaRequiredMiddleware).
admin.site.login = secure_admin_login(admin.site.login)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + ((None, {"fields": ("role", "wards")}),)
    list_display = ["username", "email", "role", "is_active", "is_staff"]
    list_filter = ["role", "is_active", "is_staff"]
    filter_horizontal = ["wards", "groups", "user_permissions"]
