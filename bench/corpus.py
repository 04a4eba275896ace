"""A generator of varied synthetic SMA news articles for benchmarks: text dumps with aggregator chrome, HTML pages,
and JSON Lines feeds, from templates with varying people, years, amounts, outlets and chrome. Deterministic per seed."""
import html, json, random
from pathlib import Path

OUTLETS = ["Socialpost", "Korea Wire Digest", "The Daily Alliance", "Peninsula Today", "Global Defense Times", "Asia Brief"]
TAGLINES = ["Complete News World", "Your source for alliance news", "News that matters", "Defense and diplomacy desk"]
PEOPLE = [("Lee Tae-woo", "South Korean", "chief negotiator"), ("Linda Specht", "American", "senior adviser"),
          ("Jeong Eun-bo", "South Korean", "chief negotiator"), ("Donna Welton", "American", "negotiator"),
          ("Chang Won-sam", "South Korean", "ambassador"), ("Timothy Betts", "American", "deputy assistant secretary"),
          ("Lim Soo-suk", "South Korean", "foreign ministry spokesman"), ("Hwang Joon-kook", "South Korean", "negotiator")]
ROUNDS = [(2014, "920 billion won", 5.8), (2019, "1.0389 trillion won", 8.2), (2021, "1.1833 trillion won", 13.9),
          (2026, "1.5192 trillion won", 8.3), (2022, "1.2472 trillion won", 5.4)]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
SENTENCES = [
    "{a} said the two sides would meet again in Seoul next month to narrow their differences.",
    "About 28,500 US troops are stationed in South Korea to deter a nuclear-armed North Korea.",
    "South Korea began covering the costs of stationing US troops in the early 1990s.",
    "Under the deal, Seoul will pay {amount} in {year}, an increase of {pct}% from a year earlier.",
    "{b}, the {brole}, said the agreement reflected the strength of the alliance.",
    "The talks usually last more than a year, officials said, and each round takes several days.",
    "Critics in both capitals questioned whether the increase was fair given inflation and labor costs.",
    "The agreement still requires the consent of the National Assembly before it can take effect.",
    "Negotiators discussed labor costs, military construction and logistical support, the ministry said.",
    "Former President Donald Trump had demanded that South Korea pay $5 billion a year.",
]
CHROME = ["See also  US: Will Trump appear in court soon?", "Read more: Timeline of the cost-sharing talks",
          "Related: Seoul offers 13% rise", "Share on Facebook | Twitter | Email", "ADVERTISEMENT",
          "Subscribe to our newsletter for daily briefings"]


def article(rng: random.Random, i: int) -> dict:
    a, b = rng.sample(PEOPLE, 2)
    year, amount, pct = rng.choice(ROUNDS)
    month, day = rng.choice(MONTHS), rng.randint(1, 28)
    sents = [s.format(a=a[0], b=b[0], brole=b[2], amount=amount, year=year, pct=pct) for s in SENTENCES]
    rng.shuffle(sents)
    k = rng.randint(5, 9)
    paras = [f"South Korea and the United States held talks on sharing the cost of American troops, "
             f"{a[1]} {a[0]}, the {a[2]}, said on {rng.choice(['Monday', 'Tuesday', 'Friday'])} (story {i})."] + sents[:k]
    return {"outlet": rng.choice(OUTLETS), "tagline": rng.choice(TAGLINES),
            "title": f"{a[0]} and {b[0]} meet on defense cost-sharing, round {i % 11 + 1}",
            "date": f"{month} {day}, {year - rng.randint(0, 1)}", "paragraphs": paras, "insert": rng.choice(CHROME)}


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


def write_corpus(folder: Path, n: int, fmt: str = "text", seed: int = 0) -> list[Path]:
    "Write `n` articles in `fmt` (text, html, or jsonl: one file of n lines) under `folder`; return the paths."
    rng, folder = random.Random(seed), Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        p = folder / "feed.jsonl"
        p.write_text("\n".join(as_json(article(rng, i)) for i in range(n)) + "\n", encoding="utf-8")
        return [p]
    ext, render = {"text": (".txt", as_text), "html": (".html", as_html)}[fmt]
    paths = []
    for i in range(n):
        p = folder / f"{fmt}-{i:06d}{ext}"
        p.write_text(render(article(rng, i)), encoding="utf-8")
        paths.append(p)
    return paths
