// Knowledge-base part of the dev mock backend (see devMock.ts): three short pages in
// the corpus's format and a naive keyword search over their sections.
type Lang = "en" | "fr";
type MockPage = {
  id: string;
  title: string;
  language: Lang;
  sport: string;
  topics: string[];
  sources: string[];
  translation: string | null;
  markdown: string;
};

const PAGES: MockPage[] = [
  {
    id: "heart-rate-zones",
    title: "Heart rate zones: %HRmax, Karvonen and LTHR zones",
    language: "en",
    sport: "general",
    topics: ["heart rate zones", "hrmax", "karvonen", "heart rate reserve", "lthr", "cardiac drift"],
    sources: [
      "Karvonen M.J., Kentala E., Mustala O. The effects of training on heart rate; a longitudinal study. Annales Medicinae Experimentalis et Biologiae Fenniae 35(3):307-315, 1957.",
      "Tanaka H., Monahan K.D., Seals D.R. Age-predicted maximal heart rate revisited. Journal of the American College of Cardiology 37(1):153-156, 2001.",
      "Friel J. Total Heart Rate Training. Ulysses Press, 2006.",
    ],
    translation: "heart-rate-zones-fr",
    markdown: `# Heart rate zones: %HRmax, Karvonen and LTHR zones

Heart rate zones translate an internal effort signal into training targets. They can be anchored to maximum heart rate, to heart rate reserve (the Karvonen method) or to lactate threshold heart rate (LTHR). LTHR-based zones are usually the most individual.

## The anchors: maximum, resting and threshold heart rate

**Maximum heart rate (HRmax).** The "220 minus age" formula was never meant for individuals. Tanaka, Monahan and Seals (2001) proposed 208 − 0.7 × age; an individual's true HRmax can be 10-15 beats away from either estimate.

**Resting heart rate.** Measure it lying down just after waking on several mornings. A rise of more than about 5-7 beats for several days can signal fatigue or illness.

## %HRmax zones

A widely used five-zone scheme:

| Zone | %HRmax | Feel and use |
|---|---|---|
| 1 | 50-60% | Very light; recovery, warm-up |
| 2 | 60-70% | Light; easy aerobic running and riding |
| 3 | 70-80% | Moderate; steady, marathon effort for many |
| 4 | 80-90% | Hard; threshold, tempo |
| 5 | 90-100% | Very hard; VO2max intervals |

## Common mistakes

- Using an age formula as if it were a measured HRmax.
- Chasing a zone on a hot day: cardiac drift pushes heart rate up at the same pace.
- Judging 30-second intervals by heart rate, which lags behind short efforts. See \`tapering\` for race weeks.
`,
  },
  {
    id: "heart-rate-zones-fr",
    title: "Zones de fréquence cardiaque : % FCmax, Karvonen et FC au seuil",
    language: "fr",
    sport: "general",
    topics: ["zones cardiaques", "fcmax", "karvonen", "fc de réserve", "fc au seuil"],
    sources: [
      "Karvonen M.J., Kentala E., Mustala O. The effects of training on heart rate; a longitudinal study. Annales Medicinae Experimentalis et Biologiae Fenniae 35(3):307-315, 1957.",
      "Friel J. Total Heart Rate Training. Ulysses Press, 2006.",
    ],
    translation: "heart-rate-zones",
    markdown: `# Zones de fréquence cardiaque : % FCmax, Karvonen et FC au seuil

Les zones cardiaques traduisent un signal d'effort interne en consignes d'entraînement. On peut les caler sur la FC maximale, sur la FC de réserve (méthode de Karvonen) ou sur la FC au seuil.

## Zones en % de la FCmax

| Zone | % FCmax | Ressenti et usage |
|---|---|---|
| 1 | 50-60 % | Très léger ; récupération |
| 2 | 60-70 % | Léger ; footing |
| 3 | 70-80 % | Modéré ; allure marathon |
| 4 | 80-90 % | Dur ; seuil |
| 5 | 90-100 % | Très dur ; VO2max |

## Erreurs fréquentes

- Prendre « 220 moins l'âge » pour une FCmax mesurée.
- Courir après une zone par forte chaleur : la dérive cardiaque fait monter la FC à allure égale.
`,
  },
  {
    id: "tapering",
    title: "Tapering before a race",
    language: "en",
    sport: "general",
    topics: ["taper", "tapering", "race week", "peaking"],
    sources: [
      "Mujika I., Padilla S. Scientific bases for precompetition tapering strategies. Medicine & Science in Sports & Exercise 35(7):1182-1187, 2003.",
      "Bosquet L., Montpetit J., Arvisais D., Mujika I. Effects of tapering on performance: a meta-analysis. Medicine & Science in Sports & Exercise 39(8):1358-1365, 2007.",
    ],
    translation: null,
    markdown: `# Tapering before a race

A taper cuts training volume in the last one to three weeks before a race while keeping intensity, so that fatigue clears and fitness shows. Bosquet et al. (2007) found the best results with a 41-60% cut in volume over about two weeks.

## How long to taper

| Race | Taper length | Volume cut |
|---|---|---|
| 5-10 km | 7-10 days | 30-40% |
| Half marathon | 10-14 days | 40-50% |
| Marathon | 2-3 weeks | 40-60% |

## Common mistakes

1. Cutting intensity as well as volume: keep some short, race-pace efforts.
2. Adding "one last long run" in the final week.
3. Worrying about feeling sluggish: that is normal in the first days of a taper.
`,
  },
];

type Section = { page: MockPage; heading: string; text: string };

function sections(page: MockPage): Section[] {
  const out: Section[] = [];
  let path: string[] = [page.title];
  let buf: string[] = [];
  const flush = () => {
    const text = buf.join("\n").trim();
    if (text) out.push({ page, heading: path.join(" > "), text });
    buf = [];
  };
  for (const line of page.markdown.split("\n")) {
    const m = /^(#{1,6})\s+(.*)$/.exec(line);
    if (!m) {
      buf.push(line);
      continue;
    }
    flush();
    const level = m[1].length;
    path = level === 1 ? [m[2]] : [...path.slice(0, level - 1), m[2]];
  }
  flush();
  return out;
}

const words = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .split(/[^a-z0-9%]+/)
    .filter((w) => w.length > 2);

export function kbMock(cmd: string, a: Record<string, any>, mode: "hybrid" | "bm25_only"): unknown {
  switch (cmd) {
    case "kb_pages":
      return PAGES.map(({ id, title, language, sport, topics, translation }) => ({ id, title, language, sport, topics, translation }));
    case "kb_page": {
      const page = PAGES.find((p) => p.id === a.id);
      if (!page) throw { code: "not_found", message: `No knowledge page "${a.id}"`, field: "id" };
      return page;
    }
    case "kb_search": {
      const started = performance.now();
      const query = String(a.query ?? "").trim();
      if (!query) throw { code: "invalid_input", message: "query: must not be empty", field: "query" };
      const terms = words(query);
      const hits = PAGES.filter((p) => !a.lang || p.language === a.lang)
        .flatMap(sections)
        .map((s) => {
          const hay = words(`${s.heading} ${s.page.topics.join(" ")} ${s.text}`);
          const score = terms.reduce((acc, t) => acc + hay.filter((w) => w.startsWith(t)).length, 0);
          return { s, score };
        })
        .filter((h) => h.score > 0)
        .sort((x, y) => y.score - x.score)
        .slice(0, a.k ?? 8)
        .map(({ s, score }) => ({
          page_id: s.page.id,
          title: s.page.title,
          heading: s.heading,
          language: s.page.language,
          score: mode === "hybrid" ? Math.min(0.99, score / 10) : score,
          text: s.text,
        }));
      return {
        mode,
        notice: mode === "bm25_only" ? "The embedding model is not installed: keyword search only" : null,
        took_ms: Math.round((performance.now() - started + 4) * 10) / 10,
        hits,
      };
    }
    default:
      return undefined;
  }
}
