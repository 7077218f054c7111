"""Places the directory knows beyond country codes: Iraq's governorates and world regions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Governorate(models.TextChoices):
    """Iraq's 18 governorates by ISO 3166-2 code."""

    ANBAR = "IQ-AN", _("Al Anbar")
    ERBIL = "IQ-AR", _("Erbil")
    BASRA = "IQ-BA", _("Basra")
    BABIL = "IQ-BB", _("Babil")
    BAGHDAD = "IQ-BG", _("Baghdad")
    DUHOK = "IQ-DA", _("Duhok")
    DIYALA = "IQ-DI", _("Diyala")
    DHI_QAR = "IQ-DQ", _("Dhi Qar")
    KARBALA = "IQ-KA", _("Karbala")
    KIRKUK = "IQ-KI", _("Kirkuk")
    MAYSAN = "IQ-MA", _("Maysan")
    MUTHANNA = "IQ-MU", _("Al Muthanna")
    NAJAF = "IQ-NA", _("Najaf")
    NINEVEH = "IQ-NI", _("Nineveh")
    QADISIYYAH = "IQ-QA", _("Al-Qadisiyyah")
    SALADIN = "IQ-SD", _("Saladin")
    SULAYMANIYAH = "IQ-SU", _("Sulaymaniyah")
    WASIT = "IQ-WA", _("Wasit")


class Region(models.TextChoices):
    MENA = "mena", _("Middle East and North Africa")
    AFRICA = "africa", _("Sub-Saharan Africa")
    ASIA = "asia", _("Asia and the Pacific")
    EUROPE = "europe", _("Europe")
    AMERICAS = "americas", _("Americas")


_REGION_COUNTRIES = {
    Region.MENA: "DZ BH EG IR IQ IL JO KW LB LY MA OM PS QA SA SY TN TR AE YE EH",
    Region.AFRICA: (
        "AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ GQ ER SZ ET GA GM GH GN GW KE LS LR MG "
        "MW ML MR MU YT MZ NA NE NG RE RW SH ST SN SC SL SO ZA SS SD TZ TG UG ZM ZW"
    ),
    Region.ASIA: (
        "AF AM AZ BD BT BN KH CN GE HK IN ID JP KZ KP KR KG LA MO MY MV MN MM NP PK PH SG "
        "LK TW TJ TH TL TM UZ VN AS AU CK FJ PF GU KI MH FM NR NC NZ NU NF MP PW PG PN WS "
        "SB TK TO TV VU WF"
    ),
    Region.EUROPE: (
        "AX AL AD AT BY BE BA BG HR CY CZ DK EE FO FI FR DE GI GR GG HU IS IE IM IT JE XK "
        "LV LI LT LU MT MD MC ME NL MK NO PL PT RO RU SM RS SK SI ES SJ SE CH UA GB VA"
    ),
    Region.AMERICAS: (
        "AI AG AR AW BS BB BZ BM BO BQ BR VG CA KY CL CO CR CU CW DM DO EC SV FK GF GL GD GP "
        "GT GY HT HN JM MQ MX MS NI PA PY PE PR BL KN LC MF PM VC SX SR TT TC US UY VI VE"
    ),
}

#: ISO 3166-1 alpha-2 code → region.
COUNTRY_REGION = {
    code: region for region, codes in _REGION_COUNTRIES.items() for code in codes.split()
}


def region_of(country_code):
    return COUNTRY_REGION.get(str(country_code or "").upper())


def countries_in(region):
    return sorted(code for code, value in COUNTRY_REGION.items() if value == region)
