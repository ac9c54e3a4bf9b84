"""Who counts as staff for brand material: logged-in users of the admin (local teams and the
national team). Staff-only assets are shown and served to them alone."""


def is_brand_staff(user):
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.has_perm("wagtailadmin.access_admin")
    )
