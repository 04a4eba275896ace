"""A generator of synthetic SMA news articles for benchmarks, shaped like real coverage where it costs time.

The rates the pipeline pays for (quotes, numbers, named people with titles, dates and paragraphs per 1,000 words)
and the article length follow the real-coverage evaluation set (data/eval/en, 48 articles). `TARGET` holds those
figures, counted once with `measure_rates` (the same counter the benchmark applies to what it generates) over the
stored texts in data/external/en; no sentence of theirs is used here: every sentence below is our own template.

Length: the stored texts are excerpts cut at about 2,000 bytes (22 of 48 end at the cut; 26 are whole and average
231 words). Treating the cut ones as censored at their excerpt's length and fitting an exponential length
distribution by maximum likelihood gives a mean of 503 words (the words seen, 13,087, over the 26 whole articles);
the generator draws lengths from that distribution (at least 80 words).

Formats: text dumps with aggregator chrome, HTML pages, and JSON Lines feeds. Deterministic per seed.
"""
import html, json, random, re
from pathlib import Path

# per 1,000 words, counted by measure_rates over the 48 stored texts (people: the annotations' people and roles)
TARGET = {"paragraphs": 46.5, "quotes": 8.2, "numbers": 39.2, "people": 9.5, "titled_people": 8.3, "dates": 20.0,
          "mean_words": 503}

OUTLETS = ["Socialpost", "Korea Wire Digest", "The Daily Alliance", "Peninsula Today", "Global Defense Times", "Asia Brief",
           "Capital Ledger", "Harbor City Herald", "Northern Star Wire", "Pacific Review"]
TAGLINES = ["Complete News World", "Your source for alliance news", "News that matters", "Defense and diplomacy desk"]
KOREAN_FAMILY = ["Kim", "Lee", "Park", "Choi", "Jeong", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo", "Shin", "Hwang"]
KOREAN_GIVEN = ["Tae-woo", "Eun-bo", "Won-sam", "Soo-suk", "Joon-kook", "Min-jun", "Ji-hoon", "Hye-jin", "Sung-ho",
                "Young-min", "Dong-hyun", "Seo-yeon", "Jae-won", "Kyung-soo", "Hyun-woo", "Mi-ran"]
US_FIRST = ["Linda", "Donna", "Timothy", "Robert", "Karen", "Michael", "Susan", "David", "Angela", "James", "Patricia", "Mark"]
US_LAST = ["Specht", "Welton", "Betts", "Harlow", "Mercer", "Dalton", "Whitaker", "Pruitt", "Calloway", "Brennan", "Hollis", "Garner"]
K_TITLES = ["chief negotiator", "foreign ministry spokesman", "vice foreign minister", "defense ministry official",
            "lawmaker of the ruling party", "senior diplomat", "professor of international relations"]
US_TITLES = ["senior adviser", "deputy assistant secretary of state", "State Department spokesperson", "ambassador",
             "negotiator", "Pentagon spokesman", "senior fellow at a Washington think tank"]
ROUNDS = [(2014, "920 billion won", 5.8), (2019, "1.0389 trillion won", 8.2), (2021, "1.1833 trillion won", 13.9),
          (2026, "1.5192 trillion won", 8.3), (2022, "1.2472 trillion won", 5.4), (2020, "1.0389 trillion won", 0.0)]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
QUOTES = ["We will make every effort to reach a reasonable and fair agreement", "The alliance is stronger than any single number",
          "Both sides narrowed their differences but gaps remain", "This is not a deal we can accept as it stands",
          "Our position has been consistent from the first round", "We expect the talks to continue next month",
          "The burden should be shared in a way both publics can support", "Nothing is agreed until everything is agreed"]
SUBJECTS = ["Officials on both sides", "Analysts in Seoul", "Opposition lawmakers", "Local workers at the bases",
            "Diplomats familiar with the talks", "Critics in both capitals", "Business groups", "Civic groups near the bases"]
VERBS = ["described the mood as", "called the outcome", "saw the latest offer as", "said the process was",
         "warned the dispute was becoming", "considered the proposal"]
OBJECTS = ["constructive but difficult", "a test of the alliance", "unfair to taxpayers", "a reasonable compromise",
           "too slow to matter", "a sign of deeper strains", "overdue after months of delay", "hard to explain at home"]
TAILS = ["given inflation and labor costs", "as the election approached", "after a long stalemate",
         "while the troops stayed in place", "at a time of tension with the North", "and asked for more transparency"]
FILLER = ["The talks cover labor costs, military construction and logistical support for the American forces.",
          "Officials on both sides described the atmosphere of the meeting as constructive but difficult.",
          "Critics in both capitals questioned whether the increase was fair given inflation and labor costs.",
          "The agreement still requires the consent of the National Assembly before it can take effect.",
          "Analysts said the outcome would shape the broader debate over the future of the alliance.",
          "The negotiations usually last more than a year and each round takes several days.",
          "Opposition lawmakers called for more transparency about how the money is spent.",
          "Local workers at the bases have followed the talks closely because their wages depend on them."]
CHROME = ["See also  US: Will Trump appear in court soon?", "Read more: Timeline of the cost-sharing talks",
          "Related: Seoul offers 13% rise", "Share on Facebook | Twitter | Email", "ADVERTISEMENT",
          "Subscribe to our newsletter for daily briefings"]

QUOTE_RE = re.compile(r"“([^”]{1,2000})”|\"([^\"]{1,2000})\"")
_MON = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"


def measure_rates(texts: list[str]) -> dict:
    "Paragraphs (non-empty lines), quotes, numbers and date words per 1,000 words, and the mean length in words."
    words = paragraphs = quotes = numbers = dates = 0
    for t in texts:
        words += len(re.findall(r"\w+(?:[.,'’-]\w+)*", t))
        paragraphs += len([line for line in t.split("\n") if line.strip()])
        quotes += len(QUOTE_RE.findall(t))
        numbers += len(re.findall(r"(?<![\w.])\d[\d,.]*\d|(?<![\w.])\d(?!\w)", t))
        dates += len(re.findall(rf"\b{_MON}|\b{_DAY}\b|\b(?:19|20)\d\d\b", t))
    k = max(words, 1) / 1000
    return {"paragraphs": paragraphs / k, "quotes": quotes / k, "numbers": numbers / k, "dates": dates / k,
            "mean_words": words / max(len(texts), 1)}


def _person(rng: random.Random) -> tuple[str, str, str]:
    if rng.random() < 0.55:
        return f"{rng.choice(KOREAN_FAMILY)} {rng.choice(KOREAN_GIVEN)}", "South Korean", rng.choice(K_TITLES)
    return f"{rng.choice(US_FIRST)} {rng.choice(US_LAST)}", "American", rng.choice(US_TITLES)


def _date(rng, year) -> str: return f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {year}"


def article(rng: random.Random, i: int, mean_words: float | None = None) -> dict:
    "One article: its length drawn from the fitted distribution, its quotes, numbers, people and dates at the target rates."
    n_words = max(80, int(rng.expovariate(1 / (mean_words or TARGET["mean_words"] - 20))))  # less the last sentence's overshoot
    year, amount, pct = rng.choice(ROUNDS)
    people, sents, words, titled = [], [], 0, 1
    def add(s):
        nonlocal words
        sents.append(s); words += len(s.split())
    def per(rate): return rate * n_words / 1000
    lead = _person(rng)
    people.append(lead)
    add(f"South Korea and the United States held a new round of talks on sharing the cost of American troops on "
        f"{rng.choice(DAYS)}, {lead[1]} {lead[2]} {lead[0]} said (story {i}).")
    while words < n_words:
        r = rng.random() * (per(5.8) + per(8) + per(7) + per(2) + per(27))
        if r < per(8) and len(people) < per(TARGET["people"]) + 1:
            p = _person(rng); people.append(p)
            if rng.random() < TARGET["titled_people"] / TARGET["people"]:
                titled += 1
                add(rng.choice([f"{p[0]}, the {p[2]}, said the two sides met for {rng.randint(2, 9)} hours in Seoul.",
                                f"{p[1]} {p[2]} {p[0]} told reporters on {rng.choice(DAYS)} that a deal was within reach.",
                                f"The {p[2]}, {p[0]}, said the proposal for {year} was the last offer."]))
            else: add(f"{p[0]} said the discussions on {rng.choice(DAYS)} were useful.")
        elif r < per(8) + per(5.8):
            p = rng.choice(people)
            add(rng.choice([f"“{rng.choice(QUOTES)},” {p[0].split()[-1] if p[1] == 'American' else p[0].split()[0]} said.",
                            f"“{rng.choice(QUOTES)},” said {p[0]}, the {p[2]}.",
                            f"{p[0]} said in a statement: \"{rng.choice(QUOTES)}.\""]))
        elif r < per(8) + per(5.8) + per(7):
            add(rng.choice([f"Under the deal, Seoul will pay {amount} in {year}, an increase of {pct}% from a year earlier.",
                            f"About {rng.choice(['28,500', '28,000', '27,000'])} US troops are stationed in South Korea, "
                            f"and about {rng.randint(4, 9)},{rng.randint(100, 999)} Korean employees work on the bases.",
                            f"Washington had asked for ${rng.choice(['5', '4.7', '1.2', '10'])} billion a year, "
                            f"roughly {rng.randint(2, 9)} times the {year - 1} level of {rng.randint(800, 999)} billion won.",
                            f"Annual increases will be capped at {rng.randint(3, 7)} percent, and the deal runs "
                            f"for {rng.randint(1, 6)} years through {year + rng.randint(1, 5)}."]))
        elif r < per(8) + per(5.8) + per(9):
            add(rng.choice([f"The two sides last met on {_date(rng, year)} in Washington and will meet again in {rng.choice(MONTHS)}.",
                            f"The previous agreement expired on {_date(rng, year - 1)}, and a new one took effect on {_date(rng, year)}.",
                            f"Talks began in {rng.choice(MONTHS)} {year - 1} and stalled by {rng.choice(MONTHS)} {year}."]))
        elif rng.random() < 0.2: add(rng.choice(FILLER))
        else: add(f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}.")
    paras, k = [], 0
    while k < len(sents):  # mostly one or two sentences a paragraph, as wire copy is written
        step = rng.choice([1, 1, 2])
        paras.append(" ".join(sents[k:k + step])); k += step
    lead_name = lead[0]
    return {"outlet": rng.choice(OUTLETS), "tagline": rng.choice(TAGLINES),
            "title": f"{lead_name} and allies meet on defense cost-sharing, round {i % 11 + 1}",
            "date": _date(rng, year - rng.randint(0, 1)), "paragraphs": paras, "insert": rng.choice(CHROME),
            "people": len({p[0] for p in people}), "titled": titled}


def as_text(art: dict) -> str:
    body = list(art["paragraphs"])
    body.insert(len(body) // 2, art["insert"])
    head = f"{art['title']} – {art['date']}"
    return "\n\n".join([art["outlet"], art["tagline"], head, head, *body]) + "\n"


def as_html(art: dict) -> str:
    ps = "\n".join(f"<p>{html.escape(p)}</p>" for p in art["paragraphs"])
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(art['title'])} | {art['outlet']}</title>"
            f"<meta property='og:site_name' content='{art['outlet']}'><meta name='author' content='Staff reporter'>"
            f"<meta property='article:published_time' content='{art['date']}'></head><body><nav><a href='/'>Home</a> "
            f"<a href='/world'>World</a></nav><article><h1>{html.escape(art['title'])}</h1>{ps}"
            f"<aside><p>{html.escape(art['insert'])}</p></aside></article><footer>Copyright 2024 {art['outlet']}</footer></body></html>\n")


def as_json(art: dict) -> str:
    return json.dumps({"title": art["title"], "text": "\n\n".join(art["paragraphs"]), "publishedAt": art["date"],
                       "source": {"name": art["outlet"]}})


def generated_rates(n: int = 2000, seed: int = 0) -> dict:
    "The rates of `n` generated articles (body text), to print beside TARGET."
    rng = random.Random(seed)
    arts = [article(rng, i) for i in range(n)]
    rates = measure_rates(["\n".join(a["paragraphs"]) for a in arts])
    k = sum(len(re.findall(r"\w+(?:[.,'’-]\w+)*", "\n".join(a["paragraphs"]))) for a in arts) / 1000
    rates["people"] = sum(a["people"] for a in arts) / k  # named people (the lead and most others with a title)
    rates["titled_people"] = sum(a["titled"] for a in arts) / k
    return rates


def write_corpus(folder: Path, n: int, fmt: str = "text", seed: int = 0, mean_words: float | None = None) -> list[Path]:
    "Write `n` articles in `fmt` (text, html, or jsonl: one file of n lines) under `folder`; return the paths."
    rng, folder = random.Random(seed), Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        p = folder / "feed.jsonl"
        p.write_text("\n".join(as_json(article(rng, i, mean_words)) for i in range(n)) + "\n", encoding="utf-8")
        return [p]
    ext, render = {"text": (".txt", as_text), "html": (".html", as_html)}[fmt]
    paths = []
    for i in range(n):
        p = folder / f"{fmt}-{i:06d}{ext}"
        p.write_text(render(article(rng, i, mean_words)), encoding="utf-8")
        paths.append(p)
    return paths


if __name__ == "__main__":
    got = generated_rates()
    for k, v in TARGET.items():
        print(f"{k:14} target {v:7.1f}  generated {got.get(k, float('nan')):7.1f}")
