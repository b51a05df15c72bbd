"""Django's own strings that users see and that Django's Kazakh catalogue lacks.

Never called: `makemessages` reads these calls so that the project's catalogues carry the
translations, which win over Django's because LOCALE_PATHS comes first."""

from django.utils.translation import gettext_noop, ngettext, pgettext


def _django_strings():  # pragma: no cover
    return [
        gettext_noop("That page number is not an integer"),
        gettext_noop("That page number is less than 1"),
        gettext_noop("That page contains no results"),
        gettext_noop("Enter a valid integer."),
        gettext_noop("Enter a valid email address."),
        gettext_noop("Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."),
        gettext_noop("Enter a valid “slug” consisting of Unicode letters, numbers, underscores, or hyphens."),
        gettext_noop("Enter a valid IPv6 address."),
        gettext_noop("Enter a valid IPv4 or IPv6 address."),
        ngettext(
            "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
            "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
            2,
        ),
        ngettext(
            "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
            "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
            2,
        ),
        ngettext(
            "Ensure that there are no more than %(max)s digit in total.",
            "Ensure that there are no more than %(max)s digits in total.",
            2,
        ),
        ngettext(
            "Ensure that there are no more than %(max)s decimal place.",
            "Ensure that there are no more than %(max)s decimal places.",
            2,
        ),
        ngettext(
            "Ensure that there are no more than %(max)s digit before the decimal point.",
            "Ensure that there are no more than %(max)s digits before the decimal point.",
            2,
        ),
        gettext_noop(
            "File extension “%(extension)s” is not allowed. Allowed extensions are: %(allowed_extensions)s."
        ),
        gettext_noop("Null characters are not allowed."),
        gettext_noop("%(model_name)s with this %(field_labels)s already exists."),
        gettext_noop("Value %(value)r is not a valid choice."),
        gettext_noop("%(field_label)s must be unique for %(date_field_label)s %(lookup_type)s."),
        gettext_noop("“%(value)s” value must be either True or False."),
        gettext_noop("“%(value)s” value must be either True, False, or None."),
        gettext_noop("“%(value)s” value has an invalid date format. It must be in YYYY-MM-DD format."),
        gettext_noop("“%(value)s” value has the correct format (YYYY-MM-DD) but it is an invalid date."),
        gettext_noop(
            "“%(value)s” value has an invalid format. It must be in YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ] format."
        ),
        gettext_noop(
            "“%(value)s” value has the correct format (YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ]) but it is an invalid date/time."
        ),
        gettext_noop("“%(value)s” value must be a decimal number."),
        gettext_noop(
            "“%(value)s” value has an invalid format. It must be in [DD] [[HH:]MM:]ss[.uuuuuu] format."
        ),
        gettext_noop("Duration"),
        gettext_noop("“%(value)s” value must be a float."),
        gettext_noop("“%(value)s” value must be an integer."),
        gettext_noop("IPv4 address"),
        gettext_noop("“%(value)s” value must be either None, True or False."),
        gettext_noop("Positive integer"),
        gettext_noop("Positive small integer"),
        gettext_noop("Slug (up to %(max_length)s)"),
        gettext_noop("Small integer"),
        gettext_noop("“%(value)s” value has an invalid format. It must be in HH:MM[:ss[.uuuuuu]] format."),
        gettext_noop(
            "“%(value)s” value has the correct format (HH:MM[:ss[.uuuuuu]]) but it is an invalid time."
        ),
        gettext_noop("Raw binary data"),
        gettext_noop("“%(value)s” is not a valid UUID."),
        gettext_noop("Universally unique identifier"),
        gettext_noop("File"),
        gettext_noop("Image"),
        gettext_noop("%(model)s instance with %(field)s %(value)r does not exist."),
        gettext_noop("%(from)s-%(to)s relationship"),
        gettext_noop("%(from)s-%(to)s relationships"),
        gettext_noop(":?.!"),
        gettext_noop("Enter a valid duration."),
        gettext_noop("The number of days must be between {min_days} and {max_days}."),
        ngettext(
            "Ensure this filename has at most %(max)d character (it has %(length)d).",
            "Ensure this filename has at most %(max)d characters (it has %(length)d).",
            2,
        ),
        gettext_noop("Enter a complete value."),
        gettext_noop("Enter a valid UUID."),
        gettext_noop(":"),
        gettext_noop("(Hidden field %(name)s) %(error)s"),
        gettext_noop("ManagementForm data is missing or has been tampered with"),
        ngettext("Please submit %d or fewer forms.", "Please submit %d or fewer forms.", 2),
        ngettext("Please submit %d or more forms.", "Please submit %d or more forms.", 2),
        gettext_noop("The inline value did not match the parent instance."),
        gettext_noop("“%(pk)s” is not a valid value."),
        gettext_noop(
            "%(datetime)s couldn’t be interpreted in time zone %(current_timezone)s; it may be ambiguous or it may not exist."
        ),
        gettext_noop("Year"),
        gettext_noop("Month"),
        gettext_noop("Day"),
        gettext_noop("This is not a valid IPv6 address."),
        pgettext("String to return when truncating text", "%(truncated_text)s…"),
        ngettext("%d year", "%d years", 2),
        ngettext("%d month", "%d months", 2),
        ngettext("%d week", "%d weeks", 2),
        ngettext("%d day", "%d days", 2),
        ngettext("%d hour", "%d hours", 2),
        ngettext("%d minute", "%d minutes", 2),
        gettext_noop("0 minutes"),
        gettext_noop("Forbidden"),
        gettext_noop("CSRF verification failed. Request aborted."),
        gettext_noop(
            "You are seeing this message because this HTTPS site requires a “Referer header” to be sent by your Web browser, but none was sent. This header is required for security reasons, to ensure that your browser is not being hijacked by third parties."
        ),
        gettext_noop(
            "If you have configured your browser to disable “Referer” headers, please re-enable them, at least for this site, or for HTTPS connections, or for “same-origin” requests."
        ),
        gettext_noop(
            'If you are using the <meta name="referrer" content="no-referrer"> tag or including the “Referrer-Policy: no-referrer” header, please remove them. The CSRF protection requires the “Referer” header to do strict referer checking. If you’re concerned about privacy, use alternatives like <a rel="noreferrer" …> for links to third-party sites.'
        ),
        gettext_noop(
            "You are seeing this message because this site requires a CSRF cookie when submitting forms. This cookie is required for security reasons, to ensure that your browser is not being hijacked by third parties."
        ),
        gettext_noop(
            "If you have configured your browser to disable cookies, please re-enable them, at least for this site, or for “same-origin” requests."
        ),
        gettext_noop("More information is available with DEBUG=True."),
        gettext_noop("Date out of range"),
        gettext_noop("Invalid date string “%(datestr)s” given format “%(format)s”"),
        gettext_noop("Page is not “last”, nor can it be converted to an int."),
        gettext_noop("Invalid page (%(page_number)s): %(message)s"),
        gettext_noop("Empty list and “%(class_name)s.allow_empty” is False."),
        gettext_noop("Directory indexes are not allowed here."),
        gettext_noop("“%(path)s” does not exist"),
        gettext_noop("Index of %(directory)s"),
        gettext_noop("Django: the Web framework for perfectionists with deadlines."),
        gettext_noop(
            'View <a href="https://docs.djangoproject.com/en/%(version)s/releases/" target="_blank" rel="noopener">release notes</a> for Django %(version)s'
        ),
        gettext_noop("The install worked successfully! Congratulations!"),
        gettext_noop(
            'You are seeing this page because <a href="https://docs.djangoproject.com/en/%(version)s/ref/settings/#debug" target="_blank" rel="noopener">DEBUG=True</a> is in your settings file and you have not configured any URLs.'
        ),
        gettext_noop("Django Documentation"),
        gettext_noop("Topics, references, &amp; how-to’s"),
        gettext_noop("Tutorial: A Polling App"),
        gettext_noop("Get started with Django"),
        gettext_noop("Django Community"),
        gettext_noop("Connect, get help, or contribute"),
        gettext_noop("%(name)s object with primary key %(key)r does not exist."),
        gettext_noop("Authentication and Authorization"),
        gettext_noop("No password set."),
        gettext_noop("Invalid password format or unknown hashing algorithm."),
        gettext_noop("Enter the same password as before, for verification."),
        gettext_noop(
            'Raw passwords are not stored, so there is no way to see this user\'s password, but you can change the password using <a href="{}">this form</a>.'
        ),
        gettext_noop(
            "Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."
        ),
        gettext_noop("Email"),
        gettext_noop("algorithm"),
        gettext_noop("iterations"),
        gettext_noop("salt"),
        gettext_noop("hash"),
        gettext_noop("variety"),
        gettext_noop("version"),
        gettext_noop("memory cost"),
        gettext_noop("time cost"),
        gettext_noop("parallelism"),
        gettext_noop("work factor"),
        gettext_noop("checksum"),
        gettext_noop("content type"),
        gettext_noop(
            "The groups this user belongs to. A user will get all permissions granted to each of their groups."
        ),
        gettext_noop("Specific permissions for this user."),
        gettext_noop("Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only."),
        gettext_noop("email address"),
        ngettext(
            "This password is too short. It must contain at least %(min_length)d character.",
            "This password is too short. It must contain at least %(min_length)d characters.",
            2,
        ),
        ngettext(
            "Your password must contain at least %(min_length)d character.",
            "Your password must contain at least %(min_length)d characters.",
            2,
        ),
        gettext_noop("The password is too similar to the %(verbose_name)s."),
        gettext_noop("Your password can't be too similar to your other personal information."),
        gettext_noop("This password is too common."),
        gettext_noop("Your password can't be a commonly used password."),
        gettext_noop("This password is entirely numeric."),
        gettext_noop("Your password can't be entirely numeric."),
        gettext_noop(
            "Enter a valid username. This value may contain only English letters, numbers, and @/./+/-/_ characters."
        ),
        gettext_noop(
            "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."
        ),
        gettext_noop("Password reset"),
        gettext_noop("Password reset sent"),
        gettext_noop("Enter new password"),
        gettext_noop("Password reset unsuccessful"),
        gettext_noop("Password reset complete"),
        gettext_noop("Password change"),
        gettext_noop("Password change successful"),
    ]
