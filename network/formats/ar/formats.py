# Decimals written with the Arabic decimal separator (U+066B), as Arabic readers of Western
# digits expect: "1٫2 م.ب" for a file's size, where Django's "1,2" reads as a list or a
# thousands separator. The thousands separator, when a template asks for one, is U+066C.
DECIMAL_SEPARATOR = "\u066b"
THOUSAND_SEPARATOR = "\u066c"
# Date and time as the seeds write dates (day, month, year), not Django's fallback for
# locales without one ("N j, Y, P", which read "ديسمبر 3, 2026" in the admin).
DATETIME_FORMAT = "j F Y، H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
